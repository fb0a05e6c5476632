/**
 * Text matching for crisis language and watched words is the one normalisation of @haven/shared/safety
 * (folding, digits and symbols for letters, masks, spelled-out letters, ranges of the text as shown):
 * re-exported here so the community's own modules keep their import, with no copy of it.
 */
export { fold, matchPhrases, normalise, withoutInvisible } from '@haven/shared/safety';
