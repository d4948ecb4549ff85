// Hoàng Sa (Paracel Islands) and Trường Sa (Spratly Islands): Vietnamese territory on Vietnamese maps — Hoàng Sa
// an island district of Đà Nẵng, Trường Sa one of Khánh Hòa. Natural Earth's province polygons leave them out,
// so the map draws them from here as labelled island groups. Coordinates are APPROXIMATE (about 0.05°), for
// drawing labels and dots only; a deployment can import official boundaries instead. No facility is placed there.
export interface Archipelago {
	key: 'hoang_sa' | 'truong_sa';
	nameVi: string;
	nameEn: string;
	/** GSO code (2021) of the province it belongs to. */
	provinceCode: string;
	/** Approximate label point, [lon, lat]. */
	centre: [lon: number, lat: number];
	/** A handful of its islands, approximate. */
	islands: { nameVi: string; nameEn: string; lon: number; lat: number }[];
}

export const ARCHIPELAGOS: readonly Archipelago[] = [
	{
		key: 'hoang_sa',
		nameVi: 'Quần đảo Hoàng Sa',
		nameEn: 'Hoang Sa (Paracel) Islands',
		provinceCode: '48', // huyện đảo Hoàng Sa, Đà Nẵng
		centre: [112.0, 16.5],
		islands: [
			{ nameVi: 'Đảo Hoàng Sa', nameEn: 'Hoang Sa (Pattle) Island', lon: 111.6, lat: 16.53 },
			{ nameVi: 'Đảo Phú Lâm', nameEn: 'Phu Lam (Woody) Island', lon: 112.34, lat: 16.83 },
			{ nameVi: 'Đảo Linh Côn', nameEn: 'Linh Con (Lincoln) Island', lon: 112.73, lat: 16.67 },
			{ nameVi: 'Đảo Tri Tôn', nameEn: 'Tri Ton (Triton) Island', lon: 111.2, lat: 15.78 },
			{ nameVi: 'Đảo Quang Hòa', nameEn: 'Quang Hoa (Duncan) Island', lon: 111.7, lat: 16.45 },
			{ nameVi: 'Đảo Cây', nameEn: 'Cay (Tree) Island', lon: 112.26, lat: 16.98 }
		]
	},
	{
		key: 'truong_sa',
		nameVi: 'Quần đảo Trường Sa',
		nameEn: 'Truong Sa (Spratly) Islands',
		provinceCode: '56', // huyện đảo Trường Sa, Khánh Hòa
		centre: [114.0, 10.0],
		islands: [
			{ nameVi: 'Đảo Trường Sa', nameEn: 'Truong Sa (Spratly) Island', lon: 111.92, lat: 8.64 },
			{ nameVi: 'Đảo Song Tử Tây', nameEn: 'Song Tu Tay (Southwest Cay)', lon: 114.33, lat: 11.43 },
			{ nameVi: 'Đảo Nam Yết', nameEn: 'Nam Yet (Namyit) Island', lon: 114.36, lat: 10.18 },
			{ nameVi: 'Đảo Sơn Ca', nameEn: 'Son Ca (Sand Cay)', lon: 114.48, lat: 10.38 },
			{ nameVi: 'Đảo Sinh Tồn', nameEn: 'Sinh Ton (Sin Cowe) Island', lon: 114.33, lat: 9.88 },
			{ nameVi: 'Đảo An Bang', nameEn: 'An Bang (Amboyna Cay)', lon: 112.92, lat: 7.87 }
		]
	}
];
