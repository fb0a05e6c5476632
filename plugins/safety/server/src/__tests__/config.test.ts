import { describe, expect, it } from 'vitest';
import config from '../config';

const build = (values: Record<string, string>) => config.default({ env: (key: string, fallback = '') => values[key] ?? fallback });

describe('safety escalation settings from the environment', () => {
  it('has the documented defaults: lines and phrases from config/crisis, therapists mailed, no quiet hours, a worker every minute', () => {
    const c = build({});
    expect(c).toEqual({
      linesFile: 'config/crisis/resources.json',
      phrasesDir: 'config/crisis/phrases',
      mailTherapists: true,
      quietHours: null,
      workerIntervalMs: 60_000,
      workerLeaseMs: 300_000,
    });
    expect(() => config.validator(c)).not.toThrow();
  });

  it('reads every setting', () => {
    const c = build({
      SAFETY_CRISIS_LINES_FILE: ' clinic/lines.json ',
      SAFETY_PHRASES_DIR: 'clinic/phrases',
      SAFETY_MAIL_THERAPISTS: 'FALSE',
      SAFETY_QUIET_HOURS: ' 22:00 - 07:30 ',
      SAFETY_WORKER_INTERVAL_MS: '250',
      SAFETY_WORKER_LEASE_MS: '2000',
    });
    expect(c).toEqual({ linesFile: 'clinic/lines.json', phrasesDir: 'clinic/phrases', mailTherapists: false, quietHours: { start: '22:00', end: '07:30' }, workerIntervalMs: 250, workerLeaseMs: 2000 });
    expect(() => config.validator(c)).not.toThrow();
  });

  it('takes a window inside one day as well as one across midnight', () => {
    expect(build({ SAFETY_QUIET_HOURS: '12:00-13:00' }).quietHours).toEqual({ start: '12:00', end: '13:00' });
    expect(build({ SAFETY_QUIET_HOURS: '23:59-00:00' }).quietHours).toEqual({ start: '23:59', end: '00:00' });
  });

  const bad: [string, string, RegExp][] = [
    ['SAFETY_QUIET_HOURS', '22:00', /SAFETY_QUIET_HOURS must be blank or two different 24-hour times such as "22:00-07:00" \(got "22:00"\)/],
    ['SAFETY_QUIET_HOURS', '22-7', /SAFETY_QUIET_HOURS must be blank or two different 24-hour times/],
    ['SAFETY_QUIET_HOURS', '10pm-7am', /SAFETY_QUIET_HOURS/],
    ['SAFETY_QUIET_HOURS', '24:00-07:00', /SAFETY_QUIET_HOURS/],
    ['SAFETY_QUIET_HOURS', '22:60-07:00', /SAFETY_QUIET_HOURS/],
    ['SAFETY_QUIET_HOURS', '7:00-9:00', /SAFETY_QUIET_HOURS/],
    ['SAFETY_QUIET_HOURS', '22:00-07:00-09:00', /SAFETY_QUIET_HOURS/],
    ['SAFETY_QUIET_HOURS', '07:00-07:00', /SAFETY_QUIET_HOURS must be blank or two different/],
    ['SAFETY_MAIL_THERAPISTS', 'no', /SAFETY_MAIL_THERAPISTS must be "true" or "false" \(got "no"\)/],
    ['SAFETY_MAIL_THERAPISTS', 'flase', /SAFETY_MAIL_THERAPISTS/],
    ['SAFETY_WORKER_INTERVAL_MS', '10', /SAFETY_WORKER_INTERVAL_MS must be a whole number of milliseconds from 50 to 3600000/],
    ['SAFETY_WORKER_INTERVAL_MS', '1e3', /SAFETY_WORKER_INTERVAL_MS/],
    ['SAFETY_WORKER_INTERVAL_MS', '-5', /SAFETY_WORKER_INTERVAL_MS/],
    ['SAFETY_WORKER_LEASE_MS', '500', /SAFETY_WORKER_LEASE_MS/],
  ];
  for (const [name, value, message] of bad) {
    it(`stops the start on ${name}=${JSON.stringify(value)}`, () => {
      expect(() => build({ [name]: value })).toThrow(message);
    });
  }

  it('refuses bad values given in cms/config/plugins.ts (which skip the parsers)', () => {
    const good = build({});
    expect(() => config.validator({ ...good, quietHours: { start: '25:00', end: '07:00' } })).toThrow(/SAFETY_QUIET_HOURS must be blank or two different 24-hour times/);
    expect(() => config.validator({ ...good, quietHours: { start: '07:00', end: '07:00' } })).toThrow(/SAFETY_QUIET_HOURS/);
    expect(() => config.validator({ ...good, linesFile: '' })).toThrow(/SAFETY_CRISIS_LINES_FILE must name a file/);
    expect(() => config.validator({ ...good, phrasesDir: '' })).toThrow(/SAFETY_PHRASES_DIR must name a folder/);
    expect(() => config.validator({ ...good, workerIntervalMs: 0 })).toThrow(/SAFETY_WORKER_INTERVAL_MS/);
  });
});
