// A simulated campaign loaded straight into the raw tables (no HTTP, no queue), for query tests and benchmarks.
// Rows are made by the ingest API's own toRow(), placed as a facility or channel key would place them, and stamped
// with the simulated upload time (deliverAt) as ingest time, so late uploads look late.
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { FAMILY_TABLE, parseEvent, type Family } from '../../events/contract.ts';
import { Simulation, type SimulateOptions, type SimEvent } from '../../simulator/simulate.ts';
import { loadReference } from '../../simulator/reference.ts';
import { seedReference } from '../reference/seed.ts';
import { chTime, toRow } from '../ingest/rows.ts';
import { citizenHash } from '../ingest/pseudonym.ts';

export const TEST_SECRET = 's'.repeat(32);

const FAMILY_OF_TYPE: Record<string, Family> = {};
for (const type of ['registration', 'visit', 'stock', 'coldchain', 'record'] as const) {
	// record.* events are the verification family; the others are named after theirs.
	FAMILY_OF_TYPE[type] = type === 'record' ? 'verification' : type;
}

export interface LoadOptions extends Omit<SimulateOptions, 'reference'> {
	/** Validate every event against the contract first (slower; the simulator's own tests already do). */
	validate?: boolean;
	/** Rows per INSERT and table. */
	blockRows?: number;
	/** Called after each flush with the events loaded so far. */
	onProgress?: (events: number) => void;
}

export interface LoadedCampaign {
	simulation: Simulation;
	events: number;
	perTable: Record<string, number>;
}

/** Seeds the generated reference data if needed, simulates the campaign and inserts its rows. */
export async function loadCampaign(client: ClickHouseClient, opts: LoadOptions): Promise<LoadedCampaign> {
	await seedReference(client);
	const reference = await loadReference(client);
	const provinceOf = new Map(reference.facilities.map((f) => [f.id, f.provinceCode]));
	const simulation = new Simulation({ ...opts, reference });
	const blockRows = opts.blockRows ?? 100_000;
	const pending: Record<string, string[]> = {};
	const perTable: Record<string, number> = {};
	let events = 0;
	let pendingRows = 0;
	const flush = async () => {
		await Promise.all(
			Object.entries(pending).map(async ([table, lines]) => {
				if (lines.length === 0) return;
				pending[table] = [];
				// A token of its own: in embedded mode a token set by an earlier insert of this session would otherwise
				// stay in force and make this block look like a retry.
				const result = await client.exec({
					query: `INSERT INTO ${table} FORMAT JSONEachRow`,
					values: Readable.from([lines.join('\n')]),
					clickhouse_settings: { insert_deduplication_token: randomUUID() }
				});
				result.stream.resume();
				await new Promise<void>((resolve, reject) => result.stream.on('end', resolve).on('error', reject));
			})
		);
		pendingRows = 0;
		opts.onProgress?.(events);
	};
	const pseudonym = (id: string) => citizenHash(TEST_SECRET, id);
	for (const step of simulation.steps()) {
		for (const e of step.events) {
			const { table, line } = rowOf(e, provinceOf, pseudonym, opts.validate ?? false);
			(pending[table] ??= []).push(line);
			perTable[table] = (perTable[table] ?? 0) + 1;
			events++;
			if (++pendingRows >= blockRows) await flush();
		}
	}
	await flush();
	return { simulation, events, perTable };
}

function rowOf(e: SimEvent, provinceOf: Map<string, string>, pseudonym: (id: string) => string, validate: boolean): { table: string; line: string } {
	const event = e.event as unknown as Record<string, unknown>;
	if (validate) {
		const parsed = parseEvent(event, Date.now(), 600_000);
		if (!parsed.ok) throw new Error(`simulated event ${event.event_id} is invalid: ${JSON.stringify(parsed.errors)}`);
	}
	const family = FAMILY_OF_TYPE[(event.type as string).slice(0, (event.type as string).indexOf('.'))];
	// A facility key places its events at its facility; a channel key places them by the event's own fields.
	const byFacilityKey = provinceOf.get(e.sender);
	const row = toRow(event, e.at, {
		ingestedAt: chTime(e.deliverAt),
		sourceKey: e.sender,
		provinceCode: byFacilityKey ?? (event.province as string),
		facilityId: byFacilityKey ? e.sender : ((event.facility_id as string | undefined) ?? ''),
		pseudonym
	});
	return { table: FAMILY_TABLE[family], line: JSON.stringify(row) };
}
