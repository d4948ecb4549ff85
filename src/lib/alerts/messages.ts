// What an alert says, in Vietnamese and English: a title per rule and a sentence naming the place and the numbers.
import type { Lang } from '../format.ts';
import type { Alert } from '../domain/alerts/lifecycle.ts';
import type { RuleId } from '../domain/alerts/rules.ts';

type Params = Alert['params'];
type Text = { title: string; says: (p: Params, place: string, n: (x: number) => string) => string };

const VI: Record<RuleId, Text> = {
	stock_out: { title: 'Hết vắc xin', says: (p, place) => `${place}: hết vắc xin ${p.vaccine ?? ''}${p.waiting ? `, ${p.waiting} người đang chờ` : ''}.` },
	stock_out_predicted: { title: 'Sắp hết vắc xin', says: (p, place, n) => `${place}: vắc xin ${p.vaccine ?? ''} còn ${n(Number(p.onHand))} liều, dự kiến hết trong ${n(Number(p.hours))} giờ.` },
	lot_expiring: { title: 'Lô sắp hết hạn còn tồn', says: (p, place, n) => `${place}: lô ${p.lot} (${p.vaccine}) hết hạn ${p.expiry}, còn ${n(Number(p.onHand))} liều${Number(p.facilities) > 1 ? ` tại ${n(Number(p.facilities))} cơ sở` : ''}.` },
	registration_backlog: { title: 'Tồn đọng đăng ký', says: (p, place, n) => `${place}: ${n(Number(p.count))} người đã duyệt nhưng chưa được xếp lịch quá ${p.days} ngày (lâu nhất ${p.oldestDays} ngày).` },
	no_show_spike: { title: 'Tỷ lệ không đến tăng', says: (p, place) => `${place}: ${pct(p.rate)} người có lịch không đến hôm nay (bình thường ${pct(p.usualRate)}).` },
	site_queue: { title: 'Hàng chờ quá lâu', says: (p, place, n) => `${place}: ${n(Number(p.waitingLong))} người đã chờ hơn ${p.minutes} phút chưa được tiêm (${n(Number(p.waiting))} người đang chờ).` },
	observation_overdue: { title: 'Theo dõi sau tiêm quá giờ', says: (p, place, n) => `${place}: ${n(Number(p.overdue))} người đã tiêm hơn ${p.minutes} phút chưa ghi nhận kết thúc theo dõi.` },
	silent_site: { title: 'Điểm tiêm mất tín hiệu', says: (p, place) => `${place}: đang trong buổi tiêm nhưng không gửi dữ liệu ${p.minutes} phút.` },
	severe_aefi: { title: 'Phản ứng nặng sau tiêm', says: (p, place, n) => `${place}: ${n(Number(p.cases))} trường hợp phản ứng nặng sau tiêm trong ${p.minutes} phút qua.` },
	deferral_spike: { title: 'Tỷ lệ hoãn tiêm tăng', says: (p, place, n) => `${place}: hoãn tiêm ${pct(p.rate)} hôm nay (${n(Number(p.deferred))}/${n(Number(p.screened))}), bình thường ${pct(p.usualRate)}.` },
	coldchain_excursion: { title: 'Nhiệt độ bảo quản vượt ngưỡng', says: (p, place) => `${place}: thiết bị ${p.device} ở ${p.temperature} °C (đỉnh ${p.peak} °C) ngoài khoảng ${p.min}–${p.max} °C trong ${p.minutes} phút.` },
	duplicate_first_doses: { title: 'Trùng mũi 1', says: (p, place, n) => `${place}: ${n(Number(p.people))} người được ghi nhận tiêm mũi 1 hơn một lần.` },
	early_second_doses: { title: 'Mũi 2 sớm hơn khoảng cách tối thiểu', says: (p, place, n) => `${place}: ${n(Number(p.people))} người tiêm mũi 2 sớm hơn khoảng cách tối thiểu của vắc xin.` },
	unverified_records: { title: 'Hồ sơ chưa xác thực tồn đọng', says: (p, place, n) => `${place}: ${pct(p.share)} hồ sơ tiêm quá ${p.days} ngày chưa được xác thực với CSDL dân cư (${n(Number(p.count))}).` }
};

const EN: Record<RuleId, Text> = {
	stock_out: { title: 'Out of vaccine', says: (p, place) => `${place}: out of ${p.vaccine ?? 'vaccine'}${p.waiting ? `, ${p.waiting} people waiting` : ''}.` },
	stock_out_predicted: { title: 'Stock-out predicted', says: (p, place, n) => `${place}: ${n(Number(p.onHand))} doses of ${p.vaccine ?? ''} left, out in about ${n(Number(p.hours))} h.` },
	lot_expiring: { title: 'Lot expiring with stock', says: (p, place, n) => `${place}: lot ${p.lot} (${p.vaccine}) expires ${p.expiry} with ${n(Number(p.onHand))} doses left${Number(p.facilities) > 1 ? ` at ${n(Number(p.facilities))} facilities` : ''}.` },
	registration_backlog: { title: 'Registration backlog', says: (p, place, n) => `${place}: ${n(Number(p.count))} approved registrations unscheduled for over ${p.days} days (oldest ${p.oldestDays} days).` },
	no_show_spike: { title: 'No-shows up', says: (p, place) => `${place}: ${pct(p.rate)} of today's appointments missed (usually ${pct(p.usualRate)}).` },
	site_queue: { title: 'Queue stuck', says: (p, place, n) => `${place}: ${n(Number(p.waitingLong))} people waiting over ${p.minutes} min for their dose (${n(Number(p.waiting))} waiting).` },
	observation_overdue: { title: 'Observation overdue', says: (p, place, n) => `${place}: ${n(Number(p.overdue))} people injected over ${p.minutes} min ago with no end of observation recorded.` },
	silent_site: { title: 'Site silent', says: (p, place) => `${place}: in session but no data for ${p.minutes} min.` },
	severe_aefi: { title: 'Severe AEFI', says: (p, place, n) => `${place}: ${n(Number(p.cases))} severe adverse event(s) after immunisation in the last ${p.minutes} min.` },
	deferral_spike: { title: 'Deferrals up', says: (p, place, n) => `${place}: ${pct(p.rate)} deferred today (${n(Number(p.deferred))}/${n(Number(p.screened))}), usually ${pct(p.usualRate)}.` },
	coldchain_excursion: { title: 'Cold-chain excursion', says: (p, place) => `${place}: device ${p.device} at ${p.temperature} °C (peak ${p.peak} °C), outside ${p.min}–${p.max} °C for ${p.minutes} min.` },
	duplicate_first_doses: { title: 'Duplicate first doses', says: (p, place, n) => `${place}: ${n(Number(p.people))} people recorded with a first dose more than once.` },
	early_second_doses: { title: 'Second dose too early', says: (p, place, n) => `${place}: ${n(Number(p.people))} people given dose 2 before the vaccine's minimum interval.` },
	unverified_records: { title: 'Unverified records piling up', says: (p, place, n) => `${place}: ${pct(p.share)} of records older than ${p.days} days not verified against the population database (${n(Number(p.count))}).` }
};

function pct(value: string | number | undefined): string {
	return `${Math.round(Number(value ?? 0) * 1000) / 10} %`;
}

export function alertTitle(rule: string, lang: Lang): string {
	return (lang === 'vi' ? VI : EN)[rule as RuleId]?.title ?? rule;
}

/** The alert's sentence; `place` names where (a site, a district or a province, already in the right language). */
export function alertMessage(alert: Pick<Alert, 'rule' | 'params'>, place: string, lang: Lang): string {
	const text = (lang === 'vi' ? VI : EN)[alert.rule as RuleId];
	const n = (x: number) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(x);
	return text ? text.says(alert.params, place, n) : `${place}: ${alert.rule}`;
}
