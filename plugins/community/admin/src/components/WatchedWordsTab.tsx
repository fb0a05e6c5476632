/** Watched words: phrases that block, hold or flag a post or reply when it is written. */
import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '@haven/admin-ui/query';
import { Empty, ErrorAlert, Loading } from '@haven/admin-ui/States';
import { paths, useResource, type WatchedWord, type WatchedWordAction } from '../api';
import { WATCHED_WORD_ACTIONS } from '../labels';
import { VisuallyHidden } from './common';

export function WatchedWordsTab({ canAct }: { canAct: boolean }) {
  const words = useResource<WatchedWord[]>(paths.watchedWords);
  const { post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [phrase, setPhrase] = React.useState('');
  const [action, setAction] = React.useState<WatchedWordAction>('hold');
  const [phraseError, setPhraseError] = React.useState<string | undefined>();
  const [addError, setAddError] = React.useState<string | null>(null);
  const [adding, setAdding] = React.useState(false);
  const [toDelete, setToDelete] = React.useState<WatchedWord | null>(null);
  const [deleting, setDeleting] = React.useState(false);

  const list = Array.isArray(words.data) ? [...words.data].sort((a, b) => a.phrase.localeCompare(b.phrase)) : [];

  async function add(event: React.FormEvent) {
    event.preventDefault();
    if (adding) return;
    const trimmed = phrase.trim();
    if (trimmed.length < 2) {
      setPhraseError(trimmed ? 'A watched phrase needs at least 2 characters.' : 'Please type a word or phrase.');
      document.getElementById('watched-phrase')?.focus();
      return;
    }
    if (list.some((word) => word.phrase.toLowerCase() === trimmed.toLowerCase())) {
      setPhraseError('This phrase is already watched.');
      return;
    }
    setAdding(true);
    setAddError(null);
    try {
      await post(paths.watchedWords, { phrase: trimmed, action });
      setPhrase('');
      toggleNotification({ type: 'success', message: `Now watching “${trimmed}”.` });
      words.reload();
    } catch (error) {
      setAddError(errorMessage(error));
    } finally {
      setAdding(false);
    }
  }

  async function confirmDelete() {
    if (!toDelete) return;
    setDeleting(true);
    try {
      await del(paths.watchedWord(toDelete.id));
      toggleNotification({ type: 'success', message: `No longer watching “${toDelete.phrase}”.` });
      words.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: `“${toDelete.phrase}” could not be deleted: ${errorMessage(error)}` });
    } finally {
      setDeleting(false);
      setToDelete(null);
    }
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Typography tag="p" textColor="neutral600">
        A post or reply containing a watched word or phrase is blocked, held for review, or published and flagged, as chosen below.
      </Typography>

      {canAct ? (
        <Box tag="form" onSubmit={add} noValidate background="neutral0" hasRadius shadow="tableShadow" padding={6} aria-labelledby="watched-add-title">
          <Typography tag="h2" variant="delta" id="watched-add-title">
            Add a watched word
          </Typography>
          <Flex gap={4} alignItems="flex-start" wrap="wrap" paddingTop={4}>
            <Box style={{ flex: '2 1 24rem' }}>
              <Field.Root name="phrase" id="watched-phrase" required error={phraseError}>
                <Field.Label>Word or phrase</Field.Label>
                <TextInput
                  value={phrase}
                  maxLength={100}
                  disabled={adding}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                    setPhrase(event.target.value);
                    if (phraseError) setPhraseError(undefined);
                  }}
                />
                <Field.Error />
              </Field.Root>
            </Box>
            <Box style={{ flex: '1 1 16rem' }}>
              <Field.Root name="action" id="watched-action" required>
                <Field.Label>When it appears</Field.Label>
                <SingleSelect value={action} onChange={(value) => setAction(value as WatchedWordAction)} disabled={adding}>
                  {(Object.keys(WATCHED_WORD_ACTIONS) as WatchedWordAction[]).map((key) => (
                    <SingleSelectOption key={key} value={key}>
                      {`${WATCHED_WORD_ACTIONS[key].label}: ${WATCHED_WORD_ACTIONS[key].hint}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            <Box paddingTop={6}>
              <Button type="submit" startIcon={<Plus />} loading={adding} size="L">
                Add
              </Button>
            </Box>
          </Flex>
          {addError ? (
            <Box role="alert" marginTop={4} background="danger100" borderColor="danger200" hasRadius padding={3}>
              <Typography textColor="danger700">The word could not be added: {addError}</Typography>
            </Box>
          ) : null}
        </Box>
      ) : null}

      {words.isLoading && !words.data ? (
        <Loading>Loading watched words…</Loading>
      ) : words.error && !words.data ? (
        <ErrorAlert title="Watched words could not be loaded" message={words.error} onRetry={words.reload} />
      ) : list.length === 0 ? (
        <Empty>No watched words yet.</Empty>
      ) : (
        <Table colCount={canAct ? 3 : 2} rowCount={list.length + 1} aria-label="Watched words">
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">Word or phrase</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">When it appears</Typography>
              </Th>
              {canAct ? (
                <Th>
                  <VisuallyHidden>Delete</VisuallyHidden>
                </Th>
              ) : null}
            </Tr>
          </Thead>
          <Tbody>
            {list.map((word) => (
              <Tr key={word.id}>
                <Td>
                  <Typography fontWeight="semiBold">{word.phrase}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {WATCHED_WORD_ACTIONS[word.action] ? `${WATCHED_WORD_ACTIONS[word.action].label}: ${WATCHED_WORD_ACTIONS[word.action].hint}` : word.action}
                  </Typography>
                </Td>
                {canAct ? (
                  <Td>
                    <Flex justifyContent="flex-end">
                      <IconButton label={`Delete “${word.phrase}”`} variant="ghost" onClick={() => setToDelete(word)}>
                        <Trash />
                      </IconButton>
                    </Flex>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      <Dialog.Root open={toDelete !== null} onOpenChange={(open) => !open && !deleting && setToDelete(null)}>
        <Dialog.Content>
          <Dialog.Header>Stop watching this phrase?</Dialog.Header>
          <Dialog.Body>
            <Typography tag="p" textAlign="center">
              Posts and replies containing “{toDelete?.phrase}” will no longer be {(toDelete && WATCHED_WORD_ACTIONS[toDelete.action]?.done) || 'caught'}.
            </Typography>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button fullWidth variant="tertiary" disabled={deleting}>
                Cancel
              </Button>
            </Dialog.Cancel>
            <Button fullWidth variant="danger-light" loading={deleting} onClick={confirmDelete}>
              Delete
            </Button>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Flex>
  );
}
