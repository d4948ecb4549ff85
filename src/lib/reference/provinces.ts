// The 63 provincial-level units in force in 2021 (GSO codes, 2019 census population).
// Source: ../shared/geo/provinces-2021.csv (see SOURCES.md there: GSO codes via daohoangson/dvhcvn, census 2019 by GSO).
// Codes are those before the 1 July 2025 reform; never join them with post-reform codes.
export interface Province {
	code: string;
	iso: string;
	nameVi: string;
	nameEn: string;
	region: string;
	population2019: number;
	capital: [lon: number, lat: number];
}

export const PROVINCES: readonly Province[] = [
	{ code: '01', iso: 'VN-HN', nameVi: 'Hà Nội', nameEn: 'Hanoi', region: 'red_river_delta', population2019: 8053663, capital: [105.8412, 21.0245] },
	{ code: '02', iso: 'VN-03', nameVi: 'Hà Giang', nameEn: 'Ha Giang', region: 'north_midlands', population2019: 854679, capital: [104.9836, 22.8233] },
	{ code: '04', iso: 'VN-04', nameVi: 'Cao Bằng', nameEn: 'Cao Bang', region: 'north_midlands', population2019: 530341, capital: [106.2579, 22.6657] },
	{ code: '06', iso: 'VN-53', nameVi: 'Bắc Kạn', nameEn: 'Bac Kan', region: 'north_midlands', population2019: 313905, capital: [105.8348, 22.1470] },
	{ code: '08', iso: 'VN-07', nameVi: 'Tuyên Quang', nameEn: 'Tuyen Quang', region: 'north_midlands', population2019: 784811, capital: [105.2142, 21.8236] },
	{ code: '10', iso: 'VN-02', nameVi: 'Lào Cai', nameEn: 'Lao Cai', region: 'north_midlands', population2019: 730420, capital: [103.9707, 22.4856] },
	{ code: '11', iso: 'VN-71', nameVi: 'Điện Biên', nameEn: 'Dien Bien', region: 'north_midlands', population2019: 598856, capital: [103.0230, 21.3860] },
	{ code: '12', iso: 'VN-01', nameVi: 'Lai Châu', nameEn: 'Lai Chau', region: 'north_midlands', population2019: 460196, capital: [103.4582, 22.3964] },
	{ code: '14', iso: 'VN-05', nameVi: 'Sơn La', nameEn: 'Son La', region: 'north_midlands', population2019: 1248415, capital: [103.9188, 21.3256] },
	{ code: '15', iso: 'VN-06', nameVi: 'Yên Bái', nameEn: 'Yen Bai', region: 'north_midlands', population2019: 821030, capital: [104.9113, 21.7229] },
	{ code: '17', iso: 'VN-14', nameVi: 'Hòa Bình', nameEn: 'Hoa Binh', region: 'north_midlands', population2019: 854131, capital: [105.3376, 20.8172] },
	{ code: '19', iso: 'VN-69', nameVi: 'Thái Nguyên', nameEn: 'Thai Nguyen', region: 'north_midlands', population2019: 1286751, capital: [105.8482, 21.5942] },
	{ code: '20', iso: 'VN-09', nameVi: 'Lạng Sơn', nameEn: 'Lang Son', region: 'north_midlands', population2019: 781655, capital: [106.7610, 21.8526] },
	{ code: '22', iso: 'VN-13', nameVi: 'Quảng Ninh', nameEn: 'Quang Ninh', region: 'red_river_delta', population2019: 1320324, capital: [107.0734, 20.9505] },
	{ code: '24', iso: 'VN-54', nameVi: 'Bắc Giang', nameEn: 'Bac Giang', region: 'north_midlands', population2019: 1803950, capital: [106.1946, 21.2731] },
	{ code: '25', iso: 'VN-68', nameVi: 'Phú Thọ', nameEn: 'Phu Tho', region: 'north_midlands', population2019: 1463726, capital: [105.4020, 21.3227] },
	{ code: '26', iso: 'VN-70', nameVi: 'Vĩnh Phúc', nameEn: 'Vinh Phuc', region: 'red_river_delta', population2019: 1151154, capital: [105.6049, 21.3089] },
	{ code: '27', iso: 'VN-56', nameVi: 'Bắc Ninh', nameEn: 'Bac Ninh', region: 'red_river_delta', population2019: 1368840, capital: [106.0763, 21.1861] },
	{ code: '30', iso: 'VN-61', nameVi: 'Hải Dương', nameEn: 'Hai Duong', region: 'red_river_delta', population2019: 1892254, capital: [106.3330, 20.9410] },
	{ code: '31', iso: 'VN-HP', nameVi: 'Hải Phòng', nameEn: 'Hai Phong', region: 'red_river_delta', population2019: 2028514, capital: [106.6834, 20.8648] },
	{ code: '33', iso: 'VN-66', nameVi: 'Hưng Yên', nameEn: 'Hung Yen', region: 'red_river_delta', population2019: 1252731, capital: [106.0511, 20.6464] },
	{ code: '34', iso: 'VN-20', nameVi: 'Thái Bình', nameEn: 'Thai Binh', region: 'red_river_delta', population2019: 1860447, capital: [106.3400, 20.4500] },
	{ code: '35', iso: 'VN-63', nameVi: 'Hà Nam', nameEn: 'Ha Nam', region: 'red_river_delta', population2019: 852800, capital: [105.9122, 20.5453] },
	{ code: '36', iso: 'VN-67', nameVi: 'Nam Định', nameEn: 'Nam Dinh', region: 'red_river_delta', population2019: 1780393, capital: [106.1773, 20.4339] },
	{ code: '37', iso: 'VN-18', nameVi: 'Ninh Bình', nameEn: 'Ninh Binh', region: 'red_river_delta', population2019: 982487, capital: [105.9797, 20.2581] },
	{ code: '38', iso: 'VN-21', nameVi: 'Thanh Hóa', nameEn: 'Thanh Hoa', region: 'north_central_coast', population2019: 3640128, capital: [105.7667, 19.8000] },
	{ code: '40', iso: 'VN-22', nameVi: 'Nghệ An', nameEn: 'Nghe An', region: 'north_central_coast', population2019: 3327791, capital: [105.6923, 18.6734] },
	{ code: '42', iso: 'VN-23', nameVi: 'Hà Tĩnh', nameEn: 'Ha Tinh', region: 'north_central_coast', population2019: 1288866, capital: [105.9057, 18.3428] },
	{ code: '44', iso: 'VN-24', nameVi: 'Quảng Bình', nameEn: 'Quang Binh', region: 'north_central_coast', population2019: 895430, capital: [106.6223, 17.4688] },
	{ code: '45', iso: 'VN-25', nameVi: 'Quảng Trị', nameEn: 'Quang Tri', region: 'north_central_coast', population2019: 632375, capital: [107.1003, 16.8163] },
	{ code: '46', iso: 'VN-26', nameVi: 'Thừa Thiên Huế', nameEn: 'Thua Thien Hue', region: 'north_central_coast', population2019: 1128620, capital: [107.5955, 16.4619] },
	{ code: '48', iso: 'VN-DN', nameVi: 'Đà Nẵng', nameEn: 'Da Nang', region: 'north_central_coast', population2019: 1134310, capital: [108.2208, 16.0678] },
	{ code: '49', iso: 'VN-27', nameVi: 'Quảng Nam', nameEn: 'Quang Nam', region: 'north_central_coast', population2019: 1495812, capital: [108.4740, 15.5736] },
	{ code: '51', iso: 'VN-29', nameVi: 'Quảng Ngãi', nameEn: 'Quang Ngai', region: 'north_central_coast', population2019: 1231697, capital: [108.7923, 15.1205] },
	{ code: '52', iso: 'VN-31', nameVi: 'Bình Định', nameEn: 'Binh Dinh', region: 'north_central_coast', population2019: 1486918, capital: [109.2237, 13.7765] },
	{ code: '54', iso: 'VN-32', nameVi: 'Phú Yên', nameEn: 'Phu Yen', region: 'north_central_coast', population2019: 872964, capital: [109.3209, 13.0955] },
	{ code: '56', iso: 'VN-34', nameVi: 'Khánh Hòa', nameEn: 'Khanh Hoa', region: 'north_central_coast', population2019: 1231107, capital: [109.1943, 12.2451] },
	{ code: '58', iso: 'VN-36', nameVi: 'Ninh Thuận', nameEn: 'Ninh Thuan', region: 'north_central_coast', population2019: 590467, capital: [108.9886, 11.5643] },
	{ code: '60', iso: 'VN-40', nameVi: 'Bình Thuận', nameEn: 'Binh Thuan', region: 'north_central_coast', population2019: 1230808, capital: [108.1021, 10.9289] },
	{ code: '62', iso: 'VN-28', nameVi: 'Kon Tum', nameEn: 'Kon Tum', region: 'central_highlands', population2019: 540438, capital: [108.0076, 14.3545] },
	{ code: '64', iso: 'VN-30', nameVi: 'Gia Lai', nameEn: 'Gia Lai', region: 'central_highlands', population2019: 1513847, capital: [108.0000, 13.9833] },
	{ code: '66', iso: 'VN-33', nameVi: 'Đắk Lắk', nameEn: 'Dak Lak', region: 'central_highlands', population2019: 1869322, capital: [108.0378, 12.6675] },
	{ code: '67', iso: 'VN-72', nameVi: 'Đắk Nông', nameEn: 'Dak Nong', region: 'central_highlands', population2019: 622168, capital: [107.6907, 12.0042] },
	{ code: '68', iso: 'VN-35', nameVi: 'Lâm Đồng', nameEn: 'Lam Dong', region: 'central_highlands', population2019: 1296906, capital: [108.4419, 11.9465] },
	{ code: '70', iso: 'VN-58', nameVi: 'Bình Phước', nameEn: 'Binh Phuoc', region: 'southeast', population2019: 994679, capital: [106.8832, 11.5350] },
	{ code: '72', iso: 'VN-37', nameVi: 'Tây Ninh', nameEn: 'Tay Ninh', region: 'southeast', population2019: 1169165, capital: [106.0983, 11.3100] },
	{ code: '74', iso: 'VN-57', nameVi: 'Bình Dương', nameEn: 'Binh Duong', region: 'southeast', population2019: 2426561, capital: [106.6519, 10.9804] },
	{ code: '75', iso: 'VN-39', nameVi: 'Đồng Nai', nameEn: 'Dong Nai', region: 'southeast', population2019: 3097107, capital: [106.8243, 10.9447] },
	{ code: '77', iso: 'VN-43', nameVi: 'Bà Rịa - Vũng Tàu', nameEn: 'Ba Ria - Vung Tau', region: 'southeast', population2019: 1148313, capital: [107.1685, 10.4963] },
	{ code: '79', iso: 'VN-SG', nameVi: 'TP Hồ Chí Minh', nameEn: 'Ho Chi Minh City', region: 'southeast', population2019: 8993082, capital: [106.6296, 10.8230] },
	{ code: '80', iso: 'VN-41', nameVi: 'Long An', nameEn: 'Long An', region: 'mekong_delta', population2019: 1688547, capital: [106.4137, 10.5359] },
	{ code: '82', iso: 'VN-46', nameVi: 'Tiền Giang', nameEn: 'Tien Giang', region: 'mekong_delta', population2019: 1764185, capital: [106.3600, 10.3600] },
	{ code: '83', iso: 'VN-50', nameVi: 'Bến Tre', nameEn: 'Ben Tre', region: 'mekong_delta', population2019: 1288463, capital: [106.3758, 10.2415] },
	{ code: '84', iso: 'VN-51', nameVi: 'Trà Vinh', nameEn: 'Tra Vinh', region: 'mekong_delta', population2019: 1009168, capital: [106.3423, 9.9472] },
	{ code: '86', iso: 'VN-49', nameVi: 'Vĩnh Long', nameEn: 'Vinh Long', region: 'mekong_delta', population2019: 1022791, capital: [105.9722, 10.2537] },
	{ code: '87', iso: 'VN-45', nameVi: 'Đồng Tháp', nameEn: 'Dong Thap', region: 'mekong_delta', population2019: 1599504, capital: [105.6329, 10.4602] },
	{ code: '89', iso: 'VN-44', nameVi: 'An Giang', nameEn: 'An Giang', region: 'mekong_delta', population2019: 1908352, capital: [105.4352, 10.3864] },
	{ code: '91', iso: 'VN-47', nameVi: 'Kiên Giang', nameEn: 'Kien Giang', region: 'mekong_delta', population2019: 1723067, capital: [105.0809, 10.0124] },
	{ code: '92', iso: 'VN-CT', nameVi: 'Cần Thơ', nameEn: 'Can Tho', region: 'mekong_delta', population2019: 1235171, capital: [105.7883, 10.0371] },
	{ code: '93', iso: 'VN-73', nameVi: 'Hậu Giang', nameEn: 'Hau Giang', region: 'mekong_delta', population2019: 733017, capital: [105.4701, 9.7845] },
	{ code: '94', iso: 'VN-52', nameVi: 'Sóc Trăng', nameEn: 'Soc Trang', region: 'mekong_delta', population2019: 1199653, capital: [105.9719, 9.5999] },
	{ code: '95', iso: 'VN-55', nameVi: 'Bạc Liêu', nameEn: 'Bac Lieu', region: 'mekong_delta', population2019: 907236, capital: [105.7278, 9.2941] },
	{ code: '96', iso: 'VN-59', nameVi: 'Cà Mau', nameEn: 'Ca Mau', region: 'mekong_delta', population2019: 1194476, capital: [105.1524, 9.1768] },
];

export const PROVINCE_BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));
