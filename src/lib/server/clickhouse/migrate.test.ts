import { describe, it, expect } from 'vitest';
import { readMigrations, splitStatements } from './migrate.ts';

describe('splitStatements', () => {
	it('drops comment lines, including indented ones', () => {
		const sql = `-- header comment
CREATE TABLE a (x UInt8) ENGINE = Memory;
    -- indented comment; with a semicolon;
CREATE TABLE b (y UInt8) ENGINE = Memory;
`;
		expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x UInt8) ENGINE = Memory', 'CREATE TABLE b (y UInt8) ENGINE = Memory']);
	});

	it('splits on ; at the end of a line, with or without trailing spaces, and at the end of the text', () => {
		const sql = 'SELECT 1;\nSELECT 2;   \n\nSELECT 3;';
		expect(splitStatements(sql)).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
	});

	it('keeps a last statement without a semicolon', () => {
		expect(splitStatements('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
	});

	it('keeps semicolons inside a line', () => {
		const sql = "INSERT INTO t VALUES ('a;b');\nSELECT ';' AS semi, 2;\n";
		expect(splitStatements(sql)).toEqual(["INSERT INTO t VALUES ('a;b')", "SELECT ';' AS semi, 2"]);
	});

	it('keeps a multi-line statement whole', () => {
		const sql = `CREATE TABLE t (
    a UInt8,
    -- the b column
    b String
) ENGINE = MergeTree
ORDER BY a;
`;
		expect(splitStatements(sql)).toEqual(['CREATE TABLE t (\n    a UInt8,\n    b String\n) ENGINE = MergeTree\nORDER BY a']);
	});

	it('handles CRLF line endings', () => {
		expect(splitStatements('SELECT 1;\r\nSELECT 2;\r\n')).toEqual(['SELECT 1', 'SELECT 2']);
	});

	it('returns nothing for only comments and blanks', () => {
		expect(splitStatements('-- nothing\n\n   \n-- here;\n')).toEqual([]);
	});
});

describe('readMigrations (the real clickhouse/ directory)', () => {
	it('numbers migrations in order and splits each into statements without comments', () => {
		const migrations = readMigrations();
		expect(migrations.length).toBeGreaterThan(0);
		expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
		expect(migrations[0].version).toBe(1);
		for (const m of migrations) {
			expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
			expect(m.statements.length).toBeGreaterThan(0);
			for (const s of m.statements) {
				expect(s).not.toMatch(/^--/m);
				expect(s.endsWith(';')).toBe(false);
			}
		}
	});
});
