/**
 * The list of conversations beside the thread: name, presence, unread badge and, for a therapist, an
 * "Urgent" badge (words, not only colour) on conversations with unread urgent messages, which come
 * first; each a link that also works without JavaScript.
 */
import type { MouseEvent } from 'react';
import type { ConversationSummary } from '@haven/shared/chat';
import { urgentFirst } from './chat-model';

interface Props {
  conversations: ConversationSummary[];
  selectedId: string | null;
  online: Record<string, boolean>;
  onChoose: (event: MouseEvent, id: string) => void;
}

export default function ConversationList({ conversations, selectedId, online, onChoose }: Props) {
  return (
    <nav className="chat-list" aria-label="Conversations">
      {conversations.length === 0 ? (
        <p>No conversations yet. A conversation with your {''}therapist or client opens when a session is booked.</p>
      ) : (
        <ul>
          {urgentFirst(conversations).map((c) => (
            <li key={c.id}>
              <a href={`/messages?c=${c.id}`} aria-current={c.id === selectedId ? 'page' : undefined} onClick={(e) => onChoose(e, c.id)}>
                <span className="chat-name">{c.with.displayName}</span>
                {online[c.id] && <span className="chat-online"> (online)</span>}
                {c.urgent > 0 && (
                  <span className="badge badge-urgent" data-testid="urgent">
                    Urgent
                    <span className="visually-hidden">
                      : {c.urgent} unread {c.urgent === 1 ? 'message' : 'messages'} marked urgent
                    </span>
                  </span>
                )}
                {c.unread > 0 && (
                  <span className="badge" data-testid="unread">
                    {c.unread}
                    <span className="visually-hidden"> unread</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
