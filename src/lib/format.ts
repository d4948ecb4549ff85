// Numbers and dates for screens: vi-VN by default (1.234.567; 02/09/2021), en-GB when English is chosen.
export type Lang = 'vi' | 'en';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export function formatNumber(value: number, lang: Lang): string {
	return new Intl.NumberFormat(locale(lang)).format(value);
}

/** A campaign day given as YYYY-MM-DD, shown as a date in Viet Nam. */
export function formatDay(day: string, lang: Lang): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Intl.DateTimeFormat(locale(lang), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(ms: number, lang: Lang): string {
	return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(ms);
}

/** "12 s", "3 min", "2 h": how old a number is, for freshness badges. */
export function formatAge(ms: number, lang: Lang): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s} ${lang === 'vi' ? 'giây' : 's'}`;
	const m = Math.round(s / 60);
	if (m < 60) return `${m} ${lang === 'vi' ? 'phút' : 'min'}`;
	return `${Math.round(m / 60)} ${lang === 'vi' ? 'giờ' : 'h'}`;
}

/** The campaign day (YYYY-MM-DD in Viet Nam, UTC+7, no daylight saving) of an instant. */
export function localDay(ms: number): string {
	return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}
