/**
 * The session room island: a waiting room, then the call.
 * - Waiting room: when the room opens (room-opening.ts, on the CMS's rule and clock) with a live
 *   countdown, "Join" disabled until then and enabled at opening time without a reload; a camera and
 *   microphone check with a choice of devices and a microphone level (media-preview.ts); a plain
 *   message that says how to allow them again when the browser refuses.
 * - "Join" asks the site's server for the room (the CMS checks that this is a participant of a
 *   confirmed session inside its window), then Twilio Video (when the CMS is configured for it), or
 *   WebRTC peer to peer: a socket to the CMS (token from /api/chat/token) relays offer, answer and ICE
 *   candidates to the other participant only, with "perfect negotiation" (the client's side is polite),
 *   through the STUN/TURN servers and ICE policy the CMS gives (short-lived TURN credentials).
 * - Once in: "Waiting for <name>", what to do if they do not come, camera and microphone toggles, leave.
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { LocalAudioTrack, LocalTrack, LocalVideoTrack, RemoteParticipant, RemoteTrack } from 'twilio-video';
import type { Ack, RtcSignal, VideoAccess } from '@haven/shared/chat';
import { formatInstant } from '../../lib/format';
import { formatRemaining, useRoomOpening } from './room-opening';
import { mediaProblem, useMediaPreview } from './media-preview';
import DeviceSelect from './DeviceSelect';

interface Props {
  bookingId: string;
  otherName: string;
  role: 'client' | 'therapist';
  timeZone: string;
  /** The cancellation policy of this booking, in words (shown with what to do when someone does not come). */
  policyText: string;
}

type Phase = 'idle' | 'starting' | 'waiting' | 'connecting' | 'connected' | 'left' | 'error';

/** A Twilio track with media (camera or microphone), as opposed to a data track, which Haven does not use. */
function isMediaTrack<T extends LocalTrack | RemoteTrack>(track: T | null): track is Exclude<T, { kind: 'data' }> {
  return track !== null && track.kind !== 'data';
}

export default function VideoRoom({ bookingId, otherName, role, timeZone, policyText }: Props) {
  const opening = useRoomOpening(bookingId);
  const [phase, setPhase] = useState<Phase>('idle');
  const [callProblem, setCallProblem] = useState<string | null>(null);
  const [cameraOff, setCameraOff] = useState(false);
  const [micOff, setMicOff] = useState(false);
  const localVideo = useRef<HTMLVideoElement | null>(null);
  const remoteVideo = useRef<HTMLVideoElement | null>(null);
  const cleanup = useRef<(() => void) | null>(null);
  const peerRef = useRef<RTCPeerConnection | null>(null);
  const twilioLocal = useRef<(LocalAudioTrack | LocalVideoTrack)[]>([]);
  const offRef = useRef({ video: false, audio: false });
  offRef.current = { video: cameraOff, audio: micOff };

  // A new camera or microphone during a call replaces the tracks being sent (no renegotiation).
  const media = useMediaPreview((next) => {
    for (const track of next.getTracks()) track.enabled = !offRef.current[track.kind as 'video' | 'audio'];
    if (localVideo.current) localVideo.current.srcObject = next;
    for (const sender of peerRef.current?.getSenders() ?? []) {
      const replacement = next.getTracks().find((t) => t.kind === sender.track?.kind);
      if (replacement) void sender.replaceTrack(replacement).catch(() => undefined);
    }
  });

  useEffect(() => () => cleanup.current?.(), []);

  async function join() {
    setCallProblem(null);
    setPhase('starting');
    const res = await fetch(`/api/chat/video/${encodeURIComponent(bookingId)}`, { credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
    const body = await res?.json().catch(() => null);
    if (!res?.ok) {
      setPhase('error');
      return setCallProblem(body?.error ?? 'The room could not be opened.');
    }
    const access = body as VideoAccess;
    if (access.provider === 'twilio') return joinTwilio(access);
    return joinWebRtc(access);
  }

  async function joinTwilio(access: Extract<VideoAccess, { provider: 'twilio' }>) {
    const { video: videoId, audio: audioId } = media.choice;
    media.stop(); // Twilio makes its own tracks from the chosen devices
    try {
      const Video = await import('twilio-video');
      const tracks = await Video.createLocalTracks({ audio: audioId ? { deviceId: { exact: audioId } } : true, video: { width: 640, ...(videoId ? { deviceId: { exact: videoId } } : {}) } });
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
      setPhase('error');
      setCallProblem(mediaProblem(err).text);
    }
  }

  async function joinWebRtc(access: Extract<VideoAccess, { provider: 'webrtc' }>) {
    const stream = media.current.current ?? (await media.start());
    if (!stream) return setPhase('idle'); // refused: the media problem says what to do

    const tokenRes = await fetch('/api/chat/token', { credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
    if (!tokenRes?.ok) {
      setPhase('error');
      return setCallProblem(tokenRes?.status === 401 ? 'Please log in again.' : 'The room could not be reached. Check your connection, then press "Join the session" again.');
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
    let makingOffer = false;
    let ignoreOffer = false;
    const signal = (s: RtcSignal) => socket.emit('rtc:signal', { bookingId, signal: s });

    const closePeer = () => {
      peerRef.current?.close();
      peerRef.current = null;
      if (remoteVideo.current) remoteVideo.current.srcObject = null;
    };
    const startPeer = () => {
      closePeer();
      setPhase('connecting');
      const peer = new RTCPeerConnection({ iceServers: access.iceServers, iceTransportPolicy: access.iceTransportPolicy ?? 'all' });
      peerRef.current = peer;
      // The current stream: a device chosen since joining replaced the first one.
      const sending = media.current.current ?? stream;
      for (const track of sending.getTracks()) peer.addTrack(track, sending);
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
      if (!peerRef.current) startPeer();
      const peer = peerRef.current!;
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
        if (peerRef.current) return; // an offer has started the connection already: keep it
        setPhase('connecting');
        offerWait = setTimeout(() => {
          offerWait = null;
          if (!peerRef.current) startPeer();
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
      setCallProblem(null);
      socket.emit('rtc:join', { bookingId }, (result: Ack<{ peerPresent: boolean }>) => {
        if (!result?.ok) {
          setPhase('error');
          return setCallProblem(result?.error.message ?? 'The room could not be joined.');
        }
        if (result.data.peerPresent) startPeer();
        else setPhase('waiting');
      });
    });
    socket.on('connect_error', (err: Error) => {
      setCallProblem(`Connection problem: ${err.message}`);
    });

    cleanup.current = () => {
      if (offerWait) clearTimeout(offerWait);
      socket.emit('rtc:leave', { bookingId });
      socket.close();
      closePeer();
    };
  }

  function leave() {
    cleanup.current?.();
    cleanup.current = null;
    for (const track of twilioLocal.current) track.stop();
    twilioLocal.current = [];
    media.stop(); // the camera light goes off when one leaves
    if (localVideo.current) localVideo.current.srcObject = null;
    setCameraOff(false);
    setMicOff(false);
    setPhase('left');
  }

  function toggle(kind: 'video' | 'audio') {
    const off = kind === 'video' ? !cameraOff : !micOff;
    for (const track of media.current.current?.getTracks() ?? []) if (track.kind === kind) track.enabled = !off;
    for (const track of twilioLocal.current) {
      if (track.kind !== kind) continue;
      if (off) track.disable();
      else track.enable();
    }
    if (kind === 'video') setCameraOff(off);
    else setMicOff(off);
  }

  // The preview shows in the local pane (the call keeps the same stream).
  useEffect(() => {
    if (localVideo.current && media.stream && localVideo.current.srcObject !== media.stream) localVideo.current.srcObject = media.stream;
  }, [media.stream]);

  const inRoom = phase === 'waiting' || phase === 'connecting' || phase === 'connected';
  const open = opening.kind === 'open';
  const problem = callProblem ?? media.problem?.text ?? null;

  let status: string;
  if (phase === 'connected') status = `Connected with ${otherName}.`;
  else if (phase === 'waiting') status = `You are in the room. Waiting for ${otherName} to join…`;
  else if (phase === 'connecting') status = `Connecting to ${otherName}…`;
  else if (phase === 'starting') status = 'Starting your camera and microphone…';
  else if (phase === 'left') status = 'You left the room.';
  else if (opening.kind === 'loading') status = 'Checking when the room opens…';
  else if (opening.kind === 'early') status = 'The room is not open yet. You can check your camera and microphone meanwhile.';
  else if (open) status = 'The room is open: you can join now.';
  else status = 'You are not in the room.';

  return (
    <div className="video-room">
      {opening.kind === 'early' && (
        <div className="room-opening">
          <p>
            The room opens at <strong>{formatInstant(opening.opensAt, timeZone)}</strong>.
          </p>
          {/* role=timer is not announced every second; the status below says when it opens. */}
          <p role="timer" id="room-countdown" className="room-countdown">
            Opens in <strong data-testid="countdown">{formatRemaining(opening.remainingMs)}</strong>
          </p>
        </div>
      )}
      {(opening.kind === 'closed' || opening.kind === 'error') && (
        <div className="notice notice-warn">
          <p>{opening.message}</p>
        </div>
      )}
      <p role="status" data-phase={phase} data-opening={opening.kind}>
        {status}
      </p>
      {problem && (
        <div className="notice notice-warn" role="alert">
          <p>{problem}</p>
        </div>
      )}

      <div className="video-stage">
        {/* The other person's pane only once in the room (before, the waiting room is the preview and the devices). */}
        <figure hidden={!inRoom}>
          <video ref={remoteVideo} data-testid="remote-video" autoPlay playsInline aria-label={`${otherName}'s video`} />
          <figcaption>{otherName}</figcaption>
        </figure>
        <figure>
          <video ref={localVideo} data-testid="local-video" autoPlay playsInline muted aria-label="Your video" />
          <figcaption>
            You{cameraOff ? ' (camera off)' : ''}
            {micOff ? ' (muted)' : ''}
            {!media.stream && !inRoom ? ' (camera not started)' : ''}
          </figcaption>
        </figure>
      </div>

      {opening.kind !== 'closed' && (
        <fieldset className="room-devices">
          <legend>Your camera and microphone</legend>
          {!media.stream && (
            <button type="button" className="button secondary" onClick={() => void media.start()}>
              Check camera and microphone
            </button>
          )}
          {media.stream && (
            <>
              <DeviceSelect id="room-camera" label="Camera" devices={media.devices.video} value={media.choice.video} onChoose={(id) => media.choose('video', id)} />
              <DeviceSelect id="room-microphone" label="Microphone" devices={media.devices.audio} value={media.choice.audio} onChoose={(id) => media.choose('audio', id)} />
              <p>
                <label htmlFor="room-level">Microphone level</label>
                <meter id="room-level" min={0} max={1} low={0.05} value={media.level} data-testid="mic-level" />
                <span className="room-hint">Speak: the bar moves when you are heard.</span>
              </p>
            </>
          )}
        </fieldset>
      )}

      <div className="video-controls">
        {!inRoom && opening.kind !== 'closed' && (
          <button type="button" className="button" onClick={() => void join()} disabled={!open || phase === 'starting'} aria-describedby={opening.kind === 'early' ? 'room-countdown' : undefined}>
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

      {(phase === 'waiting' || phase === 'connecting') && (
        <section className="notice notice-info room-no-show" aria-labelledby="room-no-show-title">
          <h2 id="room-no-show-title">If {otherName} does not join</h2>
          {role === 'client' ? (
            <p>
              Give them a few minutes: they may be finishing another session or having trouble connecting. If they have not joined 10 minutes after the start,{' '}
              <a href={`/messages?booking=${encodeURIComponent(bookingId)}`}>send them a message</a> and stay in the room. If the session cannot take place, agree a new time with them
              in the messages or on <a href={`/sessions/${encodeURIComponent(bookingId)}`}>the session page</a>.
            </p>
          ) : (
            <p>
              If {otherName} has not joined 10 minutes after the start, <a href={`/messages?booking=${encodeURIComponent(bookingId)}`}>send them a message</a>: they may not
              find the room or their camera. If they do not come, mark the session “The client did not come” on <a href={`/sessions/${encodeURIComponent(bookingId)}`}>the session page</a>{' '}
              once it has started.
            </p>
          )}
          <p>This session’s cancellation policy: {policyText}</p>
        </section>
      )}
    </div>
  );
}
