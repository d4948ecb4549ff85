import { describe, expect, it } from 'vitest';
import { alertMessage, alertTitle } from './messages.ts';

describe('alert messages', () => {
	it('name the place and the numbers, in Vietnamese by default and in English', () => {
		const queue = { rule: 'site_queue', params: { waiting: 1234, waitingLong: 56, minutes: 60 } };
		expect(alertMessage(queue, 'Trạm Y tế Phường 7', 'vi')).toBe('Trạm Y tế Phường 7: 56 người đã chờ hơn 60 phút chưa được tiêm (1.234 người đang chờ).');
		expect(alertMessage(queue, 'Ward 7 health station', 'en')).toBe('Ward 7 health station: 56 people waiting over 60 min for their dose (1,234 waiting).');
		expect(alertTitle('coldchain_excursion', 'vi')).toBe('Nhiệt độ bảo quản vượt ngưỡng');
		expect(alertMessage({ rule: 'deferral_spike', params: { rate: 0.091, usualRate: 0.03, deferred: 91, screened: 1000 } }, 'Hà Nội', 'en')).toBe(
			'Hà Nội: 9.1 % deferred today (91/1,000), usually 3 %.'
		);
	});
	it('fall back to the rule name for a rule they do not know', () => {
		expect(alertTitle('new_rule', 'en')).toBe('new_rule');
		expect(alertMessage({ rule: 'new_rule', params: {} }, 'X', 'vi')).toBe('X: new_rule');
	});
});
