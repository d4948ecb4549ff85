// The bounds of a multi-grain read (clickhouse/0010_grain_rollups.sql, 0011_stock_grains.sql): one scan of one
// table sums everything before an instant from whole months, then whole days, then whole hours of its day, then
// minutes of its hour.
// Constant SQL fragments shared by the query files that read those tables; every value still arrives as a
// {name:Type} parameter.

/** WITH items for `{asOf:Int64}`; the whole days from `days_from` on read as days, so at least `{days:UInt16}`. */
export const GRAIN_BOUNDS = `fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toStartOfHour(until) AS hour_start,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start,
     toDateTime(toStartOfMonth(as_of_day - {days:UInt16}), 'Asia/Ho_Chi_Minh') AS days_from`;

/** Every bucket before `until`, each event in exactly one. */
export const SO_FAR = `((grain = 'month' AND bucket < days_from)
    OR (grain = 'day' AND bucket >= days_from AND bucket < day_start)
    OR (grain = 'hour' AND bucket >= day_start AND bucket < hour_start)
    OR (grain = 'minute' AND bucket >= hour_start AND bucket < until))`;

/** T's own day so far: its whole hours, then the minutes of its hour. */
export const TODAY = `((grain = 'hour' AND bucket >= day_start AND bucket < hour_start)
    OR (grain = 'minute' AND bucket >= hour_start AND bucket < until))`;

/** Days before T's day a bucket of SO_FAR lies (0: T's day); months count as `{days}` + 1, older than any day read. */
export const DAYS_AGO = `if(grain = 'month', {days:UInt16} + 1, toInt32(as_of_day - toDate(bucket, 'Asia/Ho_Chi_Minh')))`;
