/**
 * The one dialog every action on a site account goes through: it says what will happen and asks for
 * a reason (required, kept in the audit log with the staff member's name and address).
 */
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { FORBIDDEN, paths, type Account } from '../api';

export type AccountAction = 'ban' | 'unban' | 'feature' | 'unfeature' | 'make-therapist' | 'make-client';

export interface ActionRequest {
  action: AccountAction;
  account: Account;
}

const nameOf = (account: Account) => account.displayName || account.username;

function describe({ action, account }: ActionRequest): { title: string; explanation: string; verb: string; done: string } {
  const name = nameOf(account);
  switch (action) {
    case 'ban':
      return {
        title: `Ban ${name}`,
        explanation: `${name} will be signed out everywhere at once and cannot log in; open chats close. Their upcoming sessions are cancelled, paid ones refunded in full, and the other person is told by mail.`,
        verb: 'Ban',
        done: `${name} is banned`,
      };
    case 'unban':
      return { title: `Unban ${name}`, explanation: `${name} will be able to log in again. Sessions cancelled by the ban stay cancelled.`, verb: 'Unban', done: `${name} can log in again` };
    case 'feature':
      return { title: `Feature ${name}`, explanation: `${name} will be listed first in the therapist directory, with a “Featured” badge.`, verb: 'Feature', done: `${name} is featured` };
    case 'unfeature':
      return { title: `Stop featuring ${name}`, explanation: `${name} will be listed in the directory like everyone else.`, verb: 'Stop featuring', done: `${name} is no longer featured` };
    case 'make-therapist':
      return {
        title: `Make ${name} a therapist`,
        explanation: `${name} becomes a Therapist. They are listed and bookable only once staff have verified their therapist profile; until then they stay pending.`,
        verb: 'Make therapist',
        done: `${name} is a therapist`,
      };
    case 'make-client':
      return {
        title: `Make ${name} a client`,
        explanation: `${name} becomes a Client. A verification they had is withdrawn: they leave the directory and take no new bookings. Sessions already booked stay.`,
        verb: 'Make client',
        done: `${name} is a client`,
      };
  }
}

export function ActionModal({ request, onClose, onDone }: { request: ActionRequest | null; onClose(): void; onDone(): void }) {
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  if (!request) return null;
  const text = describe(request);

  async function send({ action, account }: ActionRequest, body: { reason: string }) {
    const id = account.userId;
    switch (action) {
      case 'ban':
        return post(paths.ban(id), body);
      case 'unban':
        return post(paths.unban(id), body);
      case 'feature':
      case 'unfeature':
        return put(paths.featured(id), { ...body, featured: action === 'feature' });
      case 'make-therapist':
      case 'make-client':
        return put(paths.role(id), { ...body, role: action === 'make-therapist' ? 'therapist' : 'client' });
    }
  }

  const danger = request.action === 'ban' || request.action === 'make-client';
  return (
    <ReasonDialog
      key={`${request.action}-${request.account.userId}`}
      id="account-action"
      title={text.title}
      explanation={text.explanation}
      keptIn="in the audit log"
      submitLabel={text.verb}
      submitVariant={danger ? 'danger' : 'default'}
      forbidden={FORBIDDEN}
      onClose={onClose}
      onSubmit={async (reason) => {
        await send(request, { reason });
        toggleNotification({ type: 'success', message: text.done });
        onDone();
      }}
    />
  );
}
