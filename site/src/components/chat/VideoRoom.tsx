/**
 * The session room island. "Join" asks the site's server for the room (the CMS checks that this is a
 * participant of a confirmed session inside its window), then:
 * - Twilio Video (when the CMS is configured for it): twilio-video, loaded only then, with the token;
 * - otherwise WebRTC peer to peer: camera and microphone, a socket to the CMS (token from
 *   /api/chat/token) that relays offer, answer and ICE candidates to the other participant only, and
 *   the "perfect negotiation" pattern (the client's side is the polite one).
 * Camera and microphone toggles, leave, and a plain message when the browser is refused the camera.
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { LocalAudioTrack, LocalTrack, LocalVideoTrack, RemoteParticipant, RemoteTrack } from 'twilio-video';
import type { Ack, RtcSignal, VideoAccess } from '@haven/shared/chat';

interface Props {
  bookingId: string;
  otherName: string;
}

type Phase = 'idle' | 'starting' | 'waiting' | 'connecting' | 'connected' | 'left' | 'denied' | 'error';

const PHASE_TEXT: Record<Phase, string> = {
  idle: 'You are not in the room yet.',
  starting: 'Starting your camera and microphone…',
  waiting: 'You are in the room. Waiting for the other person to join…',
  connecting: 'Connecting…',
  connected: 'Connected.',
  left: 'You left the room.',
  denied: '',
  error: '',
};

/** Words for a getUserMedia failure that a person can act on. */
function mediaProblem(err: unknown): { phase: Phase; text: string } {
  const name = (err as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      phase: 'denied',
      text: 'Haven was not allowed to use your camera and microphone. Allow them for this site in your browser (the camera icon in the address bar, or the site settings), then press "Join the session" again.',
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { phase: 'error', text: 'No camera or microphone was found. Connect one, then press "Join the session" again.' };
  if (name === 'NotReadableError') return { phase: 'error', text: 'Your camera or microphone is in use by another program. Close it there, then try again.' };
  return { phase: 'error', text: 'Your camera and microphone could not be started. Please try again.' };
}

/** A Twilio track with media (camera or microphone), as opposed to a data track, which Haven does not use. */
function isMediaTrack<T extends LocalTrack | RemoteTrack>(track: T | null): track is Exclude<T, { kind: 'data' }> {
  return track !== null && track.kind !== 'data';
}

export default function VideoRoom({ bookingId, otherName }: Props) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [cameraOff, setCameraOff] = useState(false);
  const [micOff, setMicOff] = useState(false);
  const localVideo = useRef<HTMLVideoElement | null>(null);
  const remoteVideo = useRef<HTMLVideoElement | null>(null);
  const cleanup = useRef<(() => void) | null>(null);
  const localStream = useRef<MediaStream | null>(null);
  const twilioLocal = useRef<(LocalAudioTrack | LocalVideoTrack)[]>([]);

  useEffect(() => () => cleanup.current?.(), []);

  async function join() {
    setProblem(null);
    setPhase('starting');
    const res = await fetch(`/api/chat/video/${encodeURIComponent(bookingId)}`, { credentials: 'same-origin', cache: 'no-store' });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setPhase('error');
      return setProblem(body?.error ?? 'The room could not be opened.');
    }
    const access = body as VideoAccess;
    if (access.provider === 'twilio') return joinTwilio(access);
    return joinWebRtc(access);
  }

  async function joinTwilio(access: Extract<VideoAccess, { provider: 'twilio' }>) {
    try {
      const Video = await import('twilio-video');
      const tracks = await Video.createLocalTracks({ audio: true, video: { width: 640 } });
      twilioLocal.current = tracks.filter(isMediaTrack);
      const video = tracks.find((t): t is LocalVideoTrack => t.kind === 'video');
      if (video && localVideo.current) video.attach(localVideo.current);
      const room = await Video.connect(access.token, { name: access.room, tracks });
      const attach = (participant: RemoteParticipant) => {
        participant.tracks.forEach((pub) => isMediaTrack(pub.track) && remoteVideo.current && pub.track.attach(remoteVideo.current));
        participant.on('trackSubscribed', (track) => isMediaTrack(track) && remoteVideo.current && track.attach(remoteVideo.current));
        setPhase('connected');
      };
      room.participants.forEach(attach);
      room.on('participantConnected', attach);
      room.on('participantDisconnected', () => setPhase('waiting'));
      setPhase(room.participants.size ? 'connected' : 'waiting');
      cleanup.current = () => {
        room.disconnect();
        for (const t of tracks) if (isMediaTrack(t)) t.stop();
      };
    } catch (err) {
      const found = mediaProblem(err);
      setPhase(found.phase);
      setProblem(found.text);
    }
  }

  async function joinWebRtc(access: Extract<VideoAccess, { provider: 'webrtc' }>) {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (err) {
      const found = mediaProblem(err);
      setPhase(found.phase);
      return setProblem(found.text);
    }
    localStream.current = stream;
    if (localVideo.current) localVideo.current.srcObject = stream;

    const tokenRes = await fetch('/api/chat/token', { credentials: 'same-origin', cache: 'no-store' });
    if (!tokenRes.ok) {
      setPhase('error');
      return setProblem('Please log in again.');
    }
    const { token, cmsUrl } = (await tokenRes.json()) as { token: string; cmsUrl: string };
    const socket: Socket = io(cmsUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: (cb) => {
        fetch('/api/chat/token', { credentials: 'same-origin', cache: 'no-store' })
          .then((r) => r.json())
          .then((t: { token: string }) => cb({ token: t.token }), () => cb({ token }));
      },
    });
    const polite = access.polite;
    let pc: RTCPeerConnection | null = null;
    let makingOffer = false;
    let ignoreOffer = false;
    const signal = (s: RtcSignal) => socket.emit('rtc:signal', { bookingId, signal: s });

    const closePeer = () => {
      pc?.close();
      pc = null;
      if (remoteVideo.current) remoteVideo.current.srcObject = null;
    };
    const startPeer = () => {
      closePeer();
      setPhase('connecting');
      const peer = new RTCPeerConnection({ iceServers: access.iceServers });
      pc = peer;
      for (const track of stream.getTracks()) peer.addTrack(track, stream);
      peer.ontrack = ({ streams }) => {
        if (remoteVideo.current && streams[0] && remoteVideo.current.srcObject !== streams[0]) {
          remoteVideo.current.srcObject = streams[0];
          void remoteVideo.current.play().catch(() => undefined);
        }
      };
      peer.onconnectionstatechange = () => {
        if (peer.connectionState === 'connected') setPhase('connected');
        if (peer.connectionState === 'failed') peer.restartIce();
      };
      peer.onicecandidate = ({ candidate }) => signal({ type: 'candidate', candidate: candidate ? { ...candidate.toJSON(), candidate: candidate.candidate } : null });
      peer.onnegotiationneeded = async () => {
        try {
          makingOffer = true;
          await peer.setLocalDescription();
          if (peer.localDescription) signal({ type: peer.localDescription.type as 'offer' | 'answer', sdp: peer.localDescription.sdp });
        } finally {
          makingOffer = false;
        }
      };
    };

    // Signals are applied one after another, in the order they came: an ICE candidate must not
    // overtake the offer it belongs to while that offer is still being applied.
    let applying: Promise<void> = Promise.resolve();
    socket.on('rtc:signal', ({ signal: s }: { bookingId: string; signal: RtcSignal }) => {
      applying = applying.then(() => applySignal(s));
    });
    const applySignal = async (s: RtcSignal) => {
      if (!pc) startPeer();
      const peer = pc!;
      try {
        if (s.type === 'candidate') {
          try {
            await peer.addIceCandidate(s.candidate ?? undefined);
          } catch (err) {
            if (!ignoreOffer) throw err;
          }
          return;
        }
        const collision = s.type === 'offer' && (makingOffer || peer.signalingState !== 'stable');
        ignoreOffer = !polite && collision;
        if (ignoreOffer) return;
        await peer.setRemoteDescription({ type: s.type, sdp: s.sdp });
        if (s.type === 'offer') {
          await peer.setLocalDescription();
          if (peer.localDescription) signal({ type: 'answer', sdp: peer.localDescription.sdp });
        }
      } catch (err) {
        console.warn('[video] signal failed', err);
      }
    };
    // The person who joins second makes the offer (the room told them the other is present); the
    // one already waiting answers it. Two offers at once ("glare") are still resolved by the polite
    // side, but need not happen every time. If no offer comes within a few seconds, offer anyway.
    let offerWait: ReturnType<typeof setTimeout> | null = null;
    socket.on('rtc:peer', ({ present }: { present: boolean }) => {
      if (offerWait) clearTimeout(offerWait);
      offerWait = null;
      if (present) {
        if (pc) return; // an offer has started the connection already: keep it
        setPhase('connecting');
        offerWait = setTimeout(() => {
          offerWait = null;
          if (!pc) startPeer();
        }, 5000);
      } else {
        closePeer();
        setPhase('waiting');
      }
    });
    socket.on('auth:renew', () => {
      fetch('/api/chat/token', { credentials: 'same-origin', cache: 'no-store' })
        .then((r) => r.json())
        .then((t: { token: string }) => socket.emit('auth:token', { token: t.token }, () => undefined))
        .catch(() => undefined);
    });
    socket.on('connect', () => {
      socket.emit('rtc:join', { bookingId }, (result: Ack<{ peerPresent: boolean }>) => {
        if (!result?.ok) {
          setPhase('error');
          return setProblem(result?.error.message ?? 'The room could not be joined.');
        }
        if (result.data.peerPresent) startPeer();
        else setPhase('waiting');
      });
    });
    socket.on('connect_error', (err: Error) => {
      setProblem(`Connection problem: ${err.message}`);
    });

    cleanup.current = () => {
      if (offerWait) clearTimeout(offerWait);
      socket.emit('rtc:leave', { bookingId });
      socket.close();
      closePeer();
      for (const track of stream.getTracks()) track.stop();
      localStream.current = null;
    };
  }

  function leave() {
    cleanup.current?.();
    cleanup.current = null;
    if (localVideo.current) localVideo.current.srcObject = null;
    setCameraOff(false);
    setMicOff(false);
    setPhase('left');
  }

  function toggle(kind: 'video' | 'audio') {
    const off = kind === 'video' ? !cameraOff : !micOff;
    for (const track of localStream.current?.getTracks() ?? []) if (track.kind === kind) track.enabled = !off;
    for (const track of twilioLocal.current) {
      if (track.kind !== kind) continue;
      if (off) track.disable();
      else track.enable();
    }
    if (kind === 'video') setCameraOff(off);
    else setMicOff(off);
  }

  const inRoom = phase === 'waiting' || phase === 'connecting' || phase === 'connected';
  return (
    <div className="video-room">
      <p role="status" data-phase={phase}>
        {phase === 'connected' ? `Connected with ${otherName}.` : PHASE_TEXT[phase]}
      </p>
      {problem && (
        <div className="notice notice-warn" role="alert">
          <p>{problem}</p>
        </div>
      )}
      <div className="video-stage">
        <figure>
          <video ref={remoteVideo} data-testid="remote-video" autoPlay playsInline aria-label={`${otherName}'s video`} />
          <figcaption>{otherName}</figcaption>
        </figure>
        <figure>
          <video ref={localVideo} data-testid="local-video" autoPlay playsInline muted aria-label="Your video" />
          <figcaption>You{cameraOff ? ' (camera off)' : ''}{micOff ? ' (muted)' : ''}</figcaption>
        </figure>
      </div>
      <div className="video-controls">
        {!inRoom && phase !== 'starting' && (
          <button type="button" className="button" onClick={() => void join()}>
            {phase === 'left' ? 'Join again' : 'Join the session'}
          </button>
        )}
        {inRoom && (
          <>
            <button type="button" className="button secondary" aria-pressed={cameraOff} onClick={() => toggle('video')}>
              {cameraOff ? 'Turn camera on' : 'Turn camera off'}
            </button>
            <button type="button" className="button secondary" aria-pressed={micOff} onClick={() => toggle('audio')}>
              {micOff ? 'Unmute microphone' : 'Mute microphone'}
            </button>
            <button type="button" className="button" onClick={leave}>
              Leave
            </button>
          </>
        )}
      </div>
    </div>
  );
}
