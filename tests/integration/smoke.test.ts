import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startHaven, type Haven } from '../helpers/haven';

describe('CMS boots with its seven plugins', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven();
  });
  afterAll(async () => haven?.close());

  it('answers GET /_health', async () => {
    const res = await fetch(`${haven.url}/_health`);
    expect(res.status).toBe(204);
  });

  it.each([
    ['people', { readsFrom: ['profiles', 'therapist profiles', 'accounts'] }],
    ['audit', { appendOnly: true }],
    ['booking', { paymentGate: 'none (pay the therapist directly)', paymentHoldMinutes: 15, cancellationWindowHours: 24, reminderLeadsMinutes: [1440, 60] }],
    ['payments', { provider: 'manual', providers: ['manual'], currency: 'USD' }],
    ['chat', { video: 'webrtc', realtime: 'single-process' }],
    ['wellness', { assessments: ['PHQ-9', 'GAD-7'], encryption: { configured: true, keyVersion: 1 }, reminders: true }],
    ['community', { flagThreshold: 3 }],
    ['library', { engine: 'database' }],
    ['dashboards', { cacheSeconds: 60 }],
  ])('loads the %s plugin and serves its health route', async (name, expected) => {
    const res = await apiClient(haven.url).get(`/api/${name}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ plugin: name, status: 'ok', ...expected });
    expect(haven.strapi.plugin(name)).toBeTruthy();
  });
});
