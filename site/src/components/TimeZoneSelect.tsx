import { useEffect, useMemo, useState } from 'react';

interface Props {
  id: string;
  name: string;
  /** Every IANA zone the server knows (Intl.supportedValuesOf('timeZone')), so the server and browser render the same list. */
  zones: string[];
  value: string;
  /** Replace the value with this device's time zone once the page is interactive (for a fresh sign-up form). */
  detect?: boolean;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
}

const cityLabel = (zone: string) => (zone.includes('/') ? zone.slice(zone.indexOf('/') + 1) : zone).replaceAll('_', ' ').replaceAll('/', ' / ');

/**
 * A time-zone picker. Without JavaScript it is a plain <select> (server-rendered with the whole
 * IANA list); with JavaScript it picks this device's zone on a fresh form, or offers to switch to it.
 */
export default function TimeZoneSelect({ id, name, zones, value, detect = false, describedBy, invalid, required = true }: Props) {
  const [zone, setZone] = useState(value);
  const [device, setDevice] = useState<string | null>(null);

  useEffect(() => {
    let found: string | undefined;
    try {
      found = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      found = undefined;
    }
    if (!found) return;
    setDevice(found);
    if (detect) setZone(found);
  }, [detect]);

  const groups = useMemo(() => {
    const all = new Set(zones);
    if (zone) all.add(zone);
    if (device) all.add(device);
    const byRegion = new Map<string, string[]>();
    for (const z of [...all].sort((a, b) => a.localeCompare(b))) {
      const region = z.includes('/') ? z.slice(0, z.indexOf('/')) : 'Other';
      if (!byRegion.has(region)) byRegion.set(region, []);
      byRegion.get(region)!.push(z);
    }
    return [...byRegion.entries()];
  }, [zones, zone, device]);

  return (
    <>
      <select
        id={id}
        name={name}
        value={zone}
        onChange={(event) => setZone(event.target.value)}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        required={required}
        autoComplete="off"
      >
        {groups.map(([region, list]) => (
          <optgroup key={region} label={region}>
            {list.map((z) => (
              <option key={z} value={z}>
                {region === 'Other' ? z : `${cityLabel(z)} (${region})`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {!detect && device && device !== zone && (
        <p className="hint" style={{ marginTop: '0.4rem' }}>
          <button type="button" className="link-button" style={{ color: 'var(--primary)', textDecoration: 'underline', padding: 0 }} onClick={() => setZone(device)}>
            Use this device's time zone ({device.replaceAll('_', ' ')})
          </button>
        </p>
      )}
    </>
  );
}
