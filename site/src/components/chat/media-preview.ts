/**
 * Camera and microphone for the session room: one stream, started on request (a button, or "Join"),
 * the devices the browser offers (enumerateDevices: names are only given once access is allowed), the
 * choice of each kind, and a microphone level so that people can see they are heard before joining.
 * A new choice starts a new stream; `onStream` lets a call in progress swap its tracks before the old
 * ones are stopped.
 */
import { useEffect, useRef, useState } from 'react';

export interface DeviceLists {
  video: { id: string; label: string }[];
  audio: { id: string; label: string }[];
}
export interface Choice {
  video: string;
  audio: string;
}
export interface MediaProblem {
  denied: boolean;
  text: string;
}

/** Words for a getUserMedia failure that a person can act on. */
export function mediaProblem(err: unknown): MediaProblem {
  const name = (err as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      denied: true,
      text:
        'Haven was not allowed to use your camera and microphone. To allow them again: click the camera or lock icon at the left of the address bar (in Safari: Safari › Settings for This Website), set Camera and Microphone to Allow, then reload this page. If you blocked them for every site, change it in your browser’s privacy settings.',
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { denied: false, text: 'No camera or microphone was found. Connect one (or choose another below), then try again.' };
  if (name === 'NotReadableError') return { denied: false, text: 'Your camera or microphone is in use by another program. Close it there, then try again.' };
  return { denied: false, text: 'Your camera and microphone could not be started. Please try again.' };
}

const constraint = (id: string): MediaTrackConstraints | boolean => (id ? { deviceId: { exact: id } } : true);

export function useMediaPreview(onStream: (next: MediaStream, previous: MediaStream | null) => void) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<DeviceLists>({ video: [], audio: [] });
  const [choice, setChoice] = useState<Choice>({ video: '', audio: '' });
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [level, setLevel] = useState(0);
  const current = useRef<MediaStream | null>(null);
  const onStreamRef = useRef(onStream);
  onStreamRef.current = onStream;

  async function listDevices() {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
    const of = (kind: MediaDeviceKind, word: string) =>
      all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${word} ${i + 1}` }));
    setDevices({ video: of('videoinput', 'Camera'), audio: of('audioinput', 'Microphone') });
  }

  /** Starts (or restarts with `next`) the camera and microphone; null when the browser refused. */
  async function start(next: Choice = choice): Promise<MediaStream | null> {
    let fresh: MediaStream;
    try {
      fresh = await navigator.mediaDevices.getUserMedia({ video: constraint(next.video), audio: constraint(next.audio) });
    } catch (err) {
      setProblem(mediaProblem(err));
      return null;
    }
    setProblem(null);
    const previous = current.current;
    current.current = fresh;
    onStreamRef.current(fresh, previous);
    for (const track of previous?.getTracks() ?? []) track.stop();
    setStream(fresh);
    // What the browser picked when "the default" was asked for, so that the selects show it.
    const id = (kind: 'video' | 'audio') => (kind === 'video' ? fresh.getVideoTracks() : fresh.getAudioTracks())[0]?.getSettings().deviceId ?? '';
    setChoice({ video: id('video') || next.video, audio: id('audio') || next.audio });
    await listDevices();
    return fresh;
  }

  function stop() {
    for (const track of current.current?.getTracks() ?? []) track.stop();
    current.current = null;
    setStream(null);
  }

  /** Another camera or microphone: a new stream with it (the other kind stays as chosen). */
  function choose(kind: keyof Choice, id: string) {
    void start({ ...choice, [kind]: id });
  }

  // The microphone level, 0..1, a few times a second (RMS of the waveform through an AnalyserNode).
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!track || typeof AudioContext === 'undefined') return;
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    void audio.resume().catch(() => undefined);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 250);
    return () => {
      clearInterval(timer);
      setLevel(0);
      void audio.close().catch(() => undefined);
    };
  }, [stream]);

  useEffect(() => () => stop(), []);

  return { stream, devices, choice, problem, level, start, stop, choose, current };
}
