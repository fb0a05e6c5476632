import { describe, expect, it } from 'vitest';
import { formatMoney, fromDecimalString, minorDigits, toDecimalString } from '../money';

describe('money in minor units', () => {
  it('knows each currency\'s digits', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(() => minorDigits('NOPE!')).toThrow(/unknown currency/);
  });

  it('writes decimal strings exactly, as PayPal wants them', () => {
    expect(toDecimalString(9000, 'USD')).toBe('90.00');
    expect(toDecimalString(5, 'EUR')).toBe('0.05');
    expect(toDecimalString(0, 'USD')).toBe('0.00');
    expect(toDecimalString(500, 'JPY')).toBe('500');
    expect(toDecimalString(1234, 'BHD')).toBe('1.234');
    expect(toDecimalString(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
    expect(() => toDecimalString(1.5, 'USD')).toThrow();
    expect(() => toDecimalString(-1, 'USD')).toThrow();
  });

  it('reads decimal strings exactly and refuses what would need rounding', () => {
    expect(fromDecimalString('90.00', 'USD')).toBe(9000);
    expect(fromDecimalString('90', 'USD')).toBe(9000);
    expect(fromDecimalString('0.1', 'USD')).toBe(10);
    expect(fromDecimalString('19.99', 'USD')).toBe(1999);
    expect(fromDecimalString('500', 'JPY')).toBe(500);
    expect(() => fromDecimalString('90.005', 'USD')).toThrow(/more decimals/);
    expect(() => fromDecimalString('5.5', 'JPY')).toThrow(/more decimals/);
    for (const bad of ['-1.00', '1e3', ' 1.00', '1,00', '', '.5', 'NaN', '9'.repeat(30)]) expect(() => fromDecimalString(bad, 'USD')).toThrow();
  });

  it('round-trips every cent of a range', () => {
    for (let minor = 0; minor < 20_000; minor += 7) expect(fromDecimalString(toDecimalString(minor, 'USD'), 'USD')).toBe(minor);
  });

  it('formats for people', () => {
    expect(formatMoney(9000, 'USD')).toBe('$90.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });
});
