// CSV export of any table the API returns: one row per item, nested objects flattened to dotted columns
// (byVaccine.AZ), RFC 4180 quoting, a BOM so that spreadsheet programs read Vietnamese names as UTF-8.

type Flat = Record<string, string | number | boolean | null>;

function flatten(value: unknown, prefix: string, out: Flat): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
	} else if (Array.isArray(value)) {
		out[prefix] = JSON.stringify(value);
	} else {
		out[prefix] = value === undefined ? null : (value as string | number | boolean | null);
	}
}

function cell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	const text = String(value);
	// Quote what would break a row, and neutralise formulas (a cell starting with = + - @ runs in spreadsheets).
	const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
	return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly unknown[]): string {
	const flat = rows.map((r) => {
		const out: Flat = {};
		flatten(r, '', out);
		return out;
	});
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const row of flat) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), columns.push(key));
	const lines = [columns.map(cell).join(','), ...flat.map((row) => columns.map((c) => cell(row[c])).join(','))];
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
