/** Reactions of the community, shared by the server pages and the ReactionBar island (no server code here). */
export type ReactionKind = 'heart' | 'hug' | 'strength' | 'relate';
export type Reactions = Record<ReactionKind, number>;

export const REACTIONS: { kind: ReactionKind; label: string; emoji: string }[] = [
  { kind: 'heart', label: 'Heart', emoji: '❤️' },
  { kind: 'hug', label: 'Hug', emoji: '🤗' },
  { kind: 'strength', label: 'Strength', emoji: '💪' },
  { kind: 'relate', label: 'I relate', emoji: '🤝' },
];

export const isReactionKind = (value: string): value is ReactionKind => REACTIONS.some((r) => r.kind === value);
