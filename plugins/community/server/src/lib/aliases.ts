import crypto from 'node:crypto';

/**
 * Aliases such as "Quiet Heron 42": an adjective, an animal and a number, drawn with crypto.randomInt
 * and nothing else, so an alias says nothing about the account behind it. Words are gentle on purpose.
 */
export const ADJECTIVES = [
  'Quiet', 'Gentle', 'Brave', 'Calm', 'Kind', 'Bright', 'Steady', 'Warm', 'Hopeful', 'Patient', 'Curious', 'Tender',
  'Sunny', 'Mellow', 'Serene', 'Honest', 'Humble', 'Lively', 'Peaceful', 'Soft', 'Wise', 'Bold', 'Caring', 'Clever',
  'Daring', 'Earnest', 'Friendly', 'Golden', 'Graceful', 'Silver', 'Amber', 'Misty', 'Rosy', 'Velvet', 'Nimble', 'Radiant',
  'Resilient', 'Sincere', 'Spirited', 'Still', 'Thoughtful', 'Tranquil', 'Valiant', 'Vivid', 'Wandering', 'Wistful', 'Cheerful', 'Cosy',
];
export const ANIMALS = [
  'Heron', 'Otter', 'Fox', 'Owl', 'Sparrow', 'Badger', 'Deer', 'Hare', 'Wren', 'Robin', 'Finch', 'Lynx',
  'Panda', 'Koala', 'Dolphin', 'Whale', 'Seal', 'Turtle', 'Falcon', 'Swan', 'Crane', 'Kestrel', 'Beaver', 'Hedgehog',
  'Squirrel', 'Raven', 'Dove', 'Lark', 'Puffin', 'Penguin', 'Wolf', 'Bear', 'Moose', 'Bison', 'Elk', 'Marten',
  'Lemur', 'Gecko', 'Salmon', 'Starling', 'Magpie', 'Kingfisher', 'Pelican', 'Ibis', 'Tortoise', 'Meerkat', 'Alpaca', 'Manatee',
];

/** A random alias; after many collisions the number grows to three digits. */
export function randomAlias(wide = false): string {
  const adjective = ADJECTIVES[crypto.randomInt(ADJECTIVES.length)];
  const animal = ANIMALS[crypto.randomInt(ANIMALS.length)];
  const number = wide ? crypto.randomInt(100, 1000) : crypto.randomInt(10, 100);
  return `${adjective} ${animal} ${number}`;
}

/** The form aliases are compared in: case and spacing do not matter ("quiet  heron 42"). */
export const aliasKey = (alias: string) => alias.replace(/\s+/g, ' ').trim().toLowerCase();
