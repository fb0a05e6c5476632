/** Checks on text from outside, cheap enough to run before anything else. */

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when text is well-formed Unicode: no lone surrogate ("\ud800"), which databases refuse to
 * store and some libraries choke on. Linear (String.prototype.isWellFormed where the target lacks it).
 */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);
