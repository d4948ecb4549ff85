// Vaccines used in Viet Nam's 2021–22 campaign, with the primary schedule the MCC checks doses against.
// Intervals are the minimum the Ministry of Health's guidance allowed between primary doses, in days.
export interface Vaccine {
	code: VaccineCode;
	name: string;
	manufacturer: string;
	primaryDoses: number;
	minIntervalDays: number;
	/** Storage band at sites, °C. Frozen vaccines are kept at 2–8 °C for a limited time after thawing. */
	storage: { minC: number; maxC: number };
}

export const VACCINE_CODES = ['AZ', 'PFIZER', 'MODERNA', 'SINOPHARM', 'SPUTNIK_V', 'ABDALA', 'JANSSEN', 'HAYAT_VAX'] as const;
export type VaccineCode = (typeof VACCINE_CODES)[number];

export const VACCINES: readonly Vaccine[] = [
	{ code: 'AZ', name: 'AstraZeneca (Vaxzevria)', manufacturer: 'AstraZeneca', primaryDoses: 2, minIntervalDays: 28, storage: { minC: 2, maxC: 8 } },
	{ code: 'PFIZER', name: 'Pfizer-BioNTech (Comirnaty)', manufacturer: 'Pfizer / BioNTech', primaryDoses: 2, minIntervalDays: 21, storage: { minC: 2, maxC: 8 } },
	{ code: 'MODERNA', name: 'Moderna (Spikevax)', manufacturer: 'Moderna', primaryDoses: 2, minIntervalDays: 28, storage: { minC: 2, maxC: 8 } },
	{ code: 'SINOPHARM', name: 'Sinopharm (Vero Cell)', manufacturer: 'Sinopharm / BIBP', primaryDoses: 2, minIntervalDays: 21, storage: { minC: 2, maxC: 8 } },
	{ code: 'SPUTNIK_V', name: 'Sputnik V (Gam-COVID-Vac)', manufacturer: 'Gamaleya', primaryDoses: 2, minIntervalDays: 21, storage: { minC: -25, maxC: -18 } },
	{ code: 'ABDALA', name: 'Abdala (CIGB-66)', manufacturer: 'CIGB', primaryDoses: 3, minIntervalDays: 14, storage: { minC: 2, maxC: 8 } },
	{ code: 'JANSSEN', name: 'Janssen (Ad26.COV2.S)', manufacturer: 'Johnson & Johnson', primaryDoses: 1, minIntervalDays: 0, storage: { minC: 2, maxC: 8 } },
	{ code: 'HAYAT_VAX', name: 'Hayat-Vax', manufacturer: 'G42 / Sinopharm', primaryDoses: 2, minIntervalDays: 21, storage: { minC: 2, maxC: 8 } }
];
