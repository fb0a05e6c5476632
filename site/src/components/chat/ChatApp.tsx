/**
 * The messages island: conversations with unread badges, the thread, typing, read receipts and a
 * visible connection state. Rendered on the server first (the list and the thread are readable, and
 * the form posts, without JavaScript); in the browser it opens a socket.io connection to the CMS with
 * the short-lived access token that /api/chat/token hands out, renews it when the server asks, and
 * after a reconnection asks for what it missed since the last message it has of each conversation.
 * Messages are sent with a retry id, so one resent after a reconnection is stored once.
 * A client whose message matched the crisis phrase lists sees the crisis lines at once above the
 * composer (ChatCrisis); a therapist sees such messages marked urgent, and their conversations first.
 * This file holds the state and the socket; the list, the thread and the form are ConversationList,
 * MessageLog and Composer, the shared types and helpers chat-model.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { DateTime } from 'luxon';
import { MAX_MESSAGE_CHARS, type Ack, type ChatErrorPayload, type ChatMessage, type ConversationSummary, type SendAck, type StoredMessageView } from '@haven/shared/chat';
import type { CrisisResources } from '@haven/shared/safety';
import { CONNECTION_TEXT, afterNewMessage, afterRead, fetchToken, mergeMessages, newClientId, type Connection, type Pending } from './chat-model';
import ChatCrisis from './ChatCrisis';
import Composer from './Composer';
import ConversationList from './ConversationList';
import MessageLog from './MessageLog';

interface Props {
  cmsUrl: string;
  conversations: ConversationSummary[];
  selectedId: string | null;
  initialMessages: StoredMessageView[];
  initialNextBefore: number | null;
  timeZone: string;
  /** A message from the server side (a form post without JavaScript). */
  notice?: string | null;
  /** Crisis lines to show at once: the form post without JavaScript sent a message that matched. */
  crisis?: CrisisResources | null;
}

export default function ChatApp(props: Props) {
  const [conversations, setConversations] = useState(props.conversations);
  const [selectedId, setSelectedId] = useState(props.selectedId);
  const [threads, setThreads] = useState<Record<string, StoredMessageView[]>>(props.selectedId ? { [props.selectedId]: props.initialMessages } : {});
  const [older, setOlder] = useState<Record<string, number | null>>(props.selectedId ? { [props.selectedId]: props.initialNextBefore } : {});
  const [pending, setPending] = useState<Pending[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [offlineReason, setOfflineReason] = useState<string | null>(null);
  const [typing, setTyping] = useState<Record<string, boolean>>({});
  const [online, setOnline] = useState<Record<string, boolean>>({});
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(props.notice ?? null);
  const [hydrated, setHydrated] = useState(false);
  const [crisis, setCrisis] = useState<CrisisResources | null>(props.crisis ?? null);
  const composerRef = useRef<HTMLTextAreaElement | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const stateRef = useRef({ threads, conversations, selectedId, pending });
  stateRef.current = { threads, conversations, selectedId, pending };
  const typingTimers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const lastTypingSent = useRef(0);
  const endRef = useRef<HTMLDivElement | null>(null);

  const selected = conversations.find((c) => c.id === selectedId) ?? null;
  const messages = (selectedId && threads[selectedId]) || [];

  const refreshList = useCallback(async () => {
    const res = await fetch('/api/chat/conversations', { credentials: 'same-origin', cache: 'no-store' });
    if (res.ok) setConversations(await res.json());
  }, []);

  const markRead = useCallback((conversationId: string, upTo: number) => {
    if (upTo <= 0 || document.visibilityState !== 'visible') return;
    setConversations((list) => list.map((c) => (c.id === conversationId ? afterRead(c, upTo) : c)));
    socketRef.current?.emit('message:read', { conversationId, upTo });
  }, []);

  const sendPending = useCallback((item: Pending) => {
    const socket = socketRef.current;
    if (!socket?.connected) return; // sent again on reconnection
    socket.timeout(15_000).emit('message:send', { conversationId: item.conversationId, body: item.body, clientId: item.clientId }, (err: Error | null, result?: SendAck) => {
      if (err) return; // no answer: kept pending, sent again (same retry id) after reconnecting
      if (result?.ok) {
        const message = result.data;
        // The words matched the crisis phrase lists: a client sees the lines at once (the message is sent either way).
        const crisisLines = result.meta?.crisis;
        if (crisisLines && message.sender === 'client') setCrisis(crisisLines);
        setPending((list) => list.filter((p) => p.clientId !== item.clientId));
        setThreads((all) => ({ ...all, [message.conversationId]: mergeMessages(all[message.conversationId] ?? [], [message]) }));
        setConversations((list) => list.map((c) => (c.id === message.conversationId ? { ...c, lastMessageId: Math.max(c.lastMessageId, message.id), lastMessageAt: message.createdAt, yourReadId: message.id, unread: 0, urgent: 0 } : c)));
      } else if (result) {
        setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, state: 'failed', error: result.error.message } : p)));
        // The conversation became read-only since the page loaded: the composer says so from now on.
        if (result.error.code === 'read-only') setConversations((list) => list.map((c) => (c.id === item.conversationId ? { ...c, writable: false, readOnlyReason: result.error.message } : c)));
      }
    });
  }, []);

  // The connection: opened once, kept for the page's life.
  useEffect(() => {
    setHydrated(true);
    let closed = false;
    const socket = io(props.cmsUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
      // Called before every (re)connection: always a current token from the site's server.
      auth: (cb) => {
        fetchToken().then(
          ({ token }) => cb({ token }),
          () => cb({ token: '' }),
        );
      },
    });
    socketRef.current = socket;

    socket.on('connect', () => {
      setConnection('online');
      setOfflineReason(null);
      const { threads: known, conversations: list } = stateRef.current;
      const since: Record<string, number> = {};
      for (const c of list) since[c.id] = known[c.id]?.length ? known[c.id][known[c.id].length - 1].id : c.lastMessageId;
      // What arrived while the connection was down.
      socket.emit('sync', { since }, (result: Ack<{ conversations: { id: string; messages: StoredMessageView[] }[] }>) => {
        if (!result?.ok) return;
        setThreads((all) => {
          const next = { ...all };
          for (const c of result.data.conversations) if (c.messages.length && next[c.id]) next[c.id] = mergeMessages(next[c.id], c.messages);
          return next;
        });
        void refreshList();
      });
      socket.emit('presence:query', { conversationIds: list.map((c) => c.id) }, (result: Ack<Record<string, boolean>>) => {
        if (result?.ok) setOnline(result.data);
      });
      for (const item of stateRef.current.pending) if (item.state === 'sending') sendPending(item);
    });
    socket.on('disconnect', (reason) => {
      if (closed) return;
      // The server closed it on purpose (blocked, signed out): say so and stay offline.
      setConnection(reason === 'io server disconnect' ? 'offline' : 'reconnecting');
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      const code = err.data?.code;
      if (code === 'blocked' || code === 'token-missing' || code === 'session-expired' || code === 'token-invalid') {
        setConnection('offline');
        setOfflineReason(err.message);
        socket.disconnect();
      } else setConnection('reconnecting');
    });
    socket.on('auth:renew', () => {
      fetchToken().then(
        ({ token }) => socket.emit('auth:token', { token }, () => undefined),
        () => undefined,
      );
    });
    socket.on('chat:error', (e: ChatErrorPayload) => {
      if (e.code === 'blocked' || e.code === 'session-expired') setOfflineReason(e.message);
      else if (e.event !== 'message:send') setError(e.message);
    });
    socket.on('message:new', (message: ChatMessage) => {
      const { selectedId: current } = stateRef.current;
      setThreads((all) => (all[message.conversationId] ? { ...all, [message.conversationId]: mergeMessages(all[message.conversationId], [message]) } : all));
      setTyping((t) => ({ ...t, [message.conversationId]: false }));
      let known = false;
      setConversations((list) =>
        list.map((c) => {
          if (c.id !== message.conversationId) return c;
          known = true;
          return afterNewMessage(c, message);
        }),
      );
      if (!known) void refreshList();
      if (message.conversationId === current) markRead(message.conversationId, message.id);
    });
    socket.on('message:read', (receipt: { conversationId: string; reader: string; upTo: number }) => {
      setConversations((list) =>
        list.map((c) => {
          if (c.id !== receipt.conversationId) return c;
          if (receipt.reader === c.yourRole) return afterRead(c, receipt.upTo);
          return { ...c, theirReadId: Math.max(c.theirReadId, receipt.upTo) };
        }),
      );
    });
    socket.on('typing', (event: { conversationId: string; typing: boolean }) => {
      clearTimeout(typingTimers.current[event.conversationId]);
      setTyping((t) => ({ ...t, [event.conversationId]: event.typing }));
      if (event.typing) typingTimers.current[event.conversationId] = setTimeout(() => setTyping((t) => ({ ...t, [event.conversationId]: false })), 5000);
    });
    socket.on('presence', (event: { conversationId: string; online: boolean }) => setOnline((o) => ({ ...o, [event.conversationId]: event.online })));
    socket.on('conversation:new', () => void refreshList());

    const onVisible = () => {
      const { selectedId: current, threads: all } = stateRef.current;
      const list = current ? all[current] : null;
      if (current && list?.length) markRead(current, list[list.length - 1].id);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      closed = true;
      document.removeEventListener('visibilitychange', onVisible);
      socket.close();
    };
  }, [props.cmsUrl, markRead, refreshList, sendPending]);

  // Reading the open thread moves the read pointer (and tells the other person).
  const lastId = messages.length ? messages[messages.length - 1].id : 0;
  useEffect(() => {
    if (hydrated && selectedId && lastId) markRead(selectedId, lastId);
  }, [hydrated, selectedId, lastId, markRead]);

  useEffect(() => {
    if (hydrated) endRef.current?.scrollIntoView({ block: 'end' });
  }, [hydrated, selectedId, messages.length, pending.length]);

  async function loadThread(id: string, before?: number) {
    const res = await fetch(`/api/chat/history?c=${encodeURIComponent(id)}${before ? `&before=${before}` : ''}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return setError((await res.json().catch(() => null))?.error ?? 'This conversation could not be loaded.');
    const page = (await res.json()) as { messages: StoredMessageView[]; nextBefore: number | null };
    setThreads((all) => ({ ...all, [id]: mergeMessages(all[id] ?? [], page.messages) }));
    setOlder((o) => ({ ...o, [id]: before || o[id] === undefined ? page.nextBefore : o[id] }));
  }

  function choose(event: React.MouseEvent, id: string) {
    event.preventDefault();
    setSelectedId(id);
    setError(null);
    history.pushState(null, '', `/messages?c=${encodeURIComponent(id)}`);
    if (!threads[id]) void loadThread(id);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!selectedId) return;
    const body = draft;
    if (!body.trim()) return setError('Write a message first.');
    if (body.length > MAX_MESSAGE_CHARS) return setError(`A message can be at most ${MAX_MESSAGE_CHARS} characters long.`);
    setError(null);
    const item: Pending = { clientId: newClientId(), conversationId: selectedId, body, state: 'sending' };
    setPending((list) => [...list, item]);
    setDraft('');
    socketRef.current?.emit('typing', { conversationId: selectedId, typing: false });
    lastTypingSent.current = 0;
    sendPending(item);
  }

  function onDraft(value: string) {
    setDraft(value);
    const now = Date.now();
    if (selectedId && socketRef.current?.connected && now - lastTypingSent.current > 3000) {
      lastTypingSent.current = now;
      socketRef.current.emit('typing', { conversationId: selectedId, typing: true });
    }
  }

  const time = (iso: string) => DateTime.fromISO(iso).setZone(props.timeZone).toFormat('d LLL, HH:mm');
  const mineLast = useMemo(() => {
    if (!selected) return 0;
    const mine = messages.filter((m) => m.sender === selected.yourRole && m.id <= selected.theirReadId);
    return mine.length ? mine[mine.length - 1].id : 0;
  }, [messages, selected]);
  const pendingHere = pending.filter((p) => p.conversationId === selectedId);

  return (
    <div className="chat">
      <p className={`chat-connection chat-${hydrated ? connection : 'offline'}`} role="status" data-connection={hydrated ? connection : 'static'}>
        {hydrated ? `${CONNECTION_TEXT[connection]}${offlineReason ? ` ${offlineReason}` : ''}` : 'Live updates need JavaScript; you can still read and send messages.'}
      </p>
      <div className="chat-layout">
        <ConversationList conversations={conversations} selectedId={selectedId} online={online} onChoose={choose} />
        <section className="chat-thread" aria-labelledby="thread-heading">
          {!selected ? (
            <h2 id="thread-heading">Choose a conversation</h2>
          ) : (
            <>
              <h2 id="thread-heading">{selected.with.displayName}</h2>
              {older[selected.id] ? (
                <button type="button" className="button secondary" onClick={() => void loadThread(selected.id, older[selected.id] ?? undefined)}>
                  Earlier messages
                </button>
              ) : null}
              <MessageLog
                selected={selected}
                messages={messages}
                pending={pendingHere}
                mineLast={mineLast}
                time={time}
                onDismiss={(clientId) => setPending((list) => list.filter((x) => x.clientId !== clientId))}
                endRef={endRef}
              />
              <p className="chat-typing" aria-live="polite">
                {typing[selected.id] ? `${selected.with.displayName} is typing…` : ''}
              </p>
              {error && (
                <p className="field-error" role="alert">
                  {error}
                </p>
              )}
              {crisis && (
                <ChatCrisis
                  resources={crisis}
                  therapistName={selected.yourRole === 'client' ? selected.with.displayName : null}
                  onClose={() => {
                    setCrisis(null);
                    composerRef.current?.focus();
                  }}
                />
              )}
              <Composer selected={selected} draft={draft} onDraft={onDraft} onSubmit={submit} textareaRef={composerRef} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
