/**
 * One device choice of the waiting room (camera or microphone): a labelled select over the devices the
 * browser offers for that kind. Choosing one starts a new stream from it (media-preview.ts `choose`).
 */
import type { DeviceLists } from './media-preview';

interface Props {
  id: string;
  label: string;
  devices: DeviceLists[keyof DeviceLists];
  value: string;
  onChoose: (deviceId: string) => void;
}

export default function DeviceSelect({ id, label, devices, value, onChoose }: Props) {
  return (
    <p>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChoose(e.currentTarget.value)}>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
    </p>
  );
}
