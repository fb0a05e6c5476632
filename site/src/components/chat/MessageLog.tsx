/**
 * The open thread's messages, then the ones still being sent (or refused), with the read receipt on
 * the last one read. A therapist sees a client's messages marked urgent with an "Urgent" label (it
 * stays after reading: the log keeps what was marked). A message whose writer's account was erased
 * (`deleted`) is a muted "Message deleted" line, outside any bubble and with no sender.
 */
import type { Ref } from 'react';
import type { ConversationSummary, StoredMessageView } from '@haven/shared/chat';
import type { Pending } from './chat-model';

interface Props {
  selected: ConversationSummary;
  messages: StoredMessageView[];
  pending: Pending[];
  /** The id of the last of my messages the other person has read (0: none). */
  mineLast: number;
  time: (iso: string) => string;
  onDismiss: (clientId: string) => void;
  endRef: Ref<HTMLDivElement>;
}

export default function MessageLog({ selected, messages, pending, mineLast, time, onDismiss, endRef }: Props) {
  return (
    // Focusable: once the thread is longer than the box it scrolls, and a keyboard must be able to scroll it too.
    <div role="log" aria-label={`Messages with ${selected.with.displayName}`} className="chat-messages" tabIndex={0}>
      {messages.length === 0 && pending.length === 0 ? <p className="chat-empty">No messages yet. Say hello, or share what you would like to talk about in your session.</p> : null}
      <ol>
        {messages.map((m) => {
          // Its writer's account was erased: a place in the thread, not something anyone says now.
          if ('deleted' in m && m.deleted) {
            return (
              <li key={m.id} className="chat-deleted" data-message-id={m.id}>
                <p className="chat-deleted-note">
                  Message deleted · <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                </p>
              </li>
            );
          }
          const mine = m.sender === selected.yourRole;
          const urgent = m.urgent && !mine && selected.yourRole === 'therapist';
          return (
            <li key={m.id} className={`${mine ? 'chat-mine' : 'chat-theirs'}${urgent ? ' chat-urgent' : ''}`} data-message-id={m.id}>
              <p className="chat-meta">
                <span>{mine ? 'You' : selected.with.displayName}</span> · <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                {urgent && (
                  <>
                    {' '}
                    <span className="badge badge-urgent">Urgent</span>
                  </>
                )}
              </p>
              {m.body === null ? <p className="chat-unreadable">This message could not be shown: it failed its integrity check.</p> : <p className="chat-body">{m.body}</p>}
              {mine && m.id === mineLast && <p className="chat-receipt">Read</p>}
            </li>
          );
        })}
        {pending.map((p) => (
          <li key={p.clientId} className="chat-mine chat-pending">
            <p className="chat-body">{p.body}</p>
            <p className="chat-receipt">
              {p.state === 'sending' ? (
                'Sending…'
              ) : (
                <>
                  Not sent: {p.error}{' '}
                  <button type="button" className="link-button" onClick={() => onDismiss(p.clientId)}>
                    Dismiss
                  </button>
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
      <div ref={endRef} />
    </div>
  );
}
