/**
 * The crisis lines in the chat, right above the composer, after a client's message matched the crisis
 * phrase lists: the one CrisisPanel (components/safety), announced (it takes focus once, when it
 * appears, so a screen reader reads it first), with a Close button that gives focus back to the
 * composer. It never hides the conversation, and the message was sent either way.
 */
import type { CrisisResources } from '@haven/shared/safety';
import CrisisPanel from '../safety/CrisisPanel';

interface Props {
  resources: CrisisResources;
  /** The therapist the message went to (null: not known here). */
  therapistName: string | null;
  onClose: () => void;
}

export default function ChatCrisis({ resources, therapistName, onClose }: Props) {
  const to = therapistName ?? 'your therapist';
  return (
    <div className="chat-crisis">
      <CrisisPanel
        resources={resources}
        announce
        headingLevel={3}
        idPrefix="chat-crisis"
        intro={`Your message was sent to ${to}. They will see it marked urgent, but they may not read it straight away.`}
        notes={['If you need someone now, these lines are there for you.']}
      />
      <button type="button" className="button secondary chat-crisis-close" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
