/** The message form: posts to the page without JavaScript; read-only conversations keep it, disabled, with the reason. */
import type { FormEvent, Ref } from 'react';
import { MAX_MESSAGE_CHARS, type ConversationSummary } from '@haven/shared/chat';

interface Props {
  selected: ConversationSummary;
  draft: string;
  onDraft: (value: string) => void;
  onSubmit: (event: FormEvent) => void;
  /** Where focus returns when the crisis panel above is closed. */
  textareaRef?: Ref<HTMLTextAreaElement>;
}

export default function Composer({ selected, draft, onDraft, onSubmit, textareaRef }: Props) {
  return (
    <form method="post" action={`/messages?c=${selected.id}`} onSubmit={onSubmit} className="chat-form">
      <label htmlFor="chat-body">Message to {selected.with.displayName}</label>
      {/* Read-only (no current session together, or an unverified therapist): history stays, the composer says why. */}
      {!selected.writable && (
        <p id="chat-read-only" className="chat-read-only" role="status">
          {selected.readOnlyReason}
        </p>
      )}
      <textarea
        id="chat-body"
        ref={textareaRef}
        name="body"
        rows={3}
        maxLength={MAX_MESSAGE_CHARS}
        value={draft}
        onChange={(e) => onDraft(e.target.value)}
        required
        disabled={!selected.writable}
        aria-describedby={selected.writable ? undefined : 'chat-read-only'}
      />
      <button type="submit" className="button" disabled={!selected.writable}>
        Send
      </button>
    </form>
  );
}
