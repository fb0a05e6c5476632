/**
 * Responses by allow-list: a view names the fields that may leave the server, and `pick` copies exactly
 * those. A field added to a row later stays private until someone adds it here, which is the point:
 * spreading a row (`{ ...row, extra }`) would publish whatever the row grows next.
 *
 *   export const therapistCard = publicView<TherapistRow>()('id', 'displayName', 'verified');
 *   type TherapistCard = ViewOf<typeof therapistCard>;     // Pick<TherapistRow, 'id' | 'displayName' | 'verified'>
 *   ctx.body = { data: therapistCard.pickAll(rows) };
 */

export interface PublicView<Source extends object, Key extends keyof Source & string> {
  /** The public fields, in the order they were named. */
  readonly fields: readonly Key[];
  /** A new object holding only the public fields the source has (a field the source lacks stays absent). */
  pick(source: Source): Pick<Source, Key>;
  pick(source: Source | null): Pick<Source, Key> | null;
  pick(source: Source | null | undefined): Pick<Source, Key> | null | undefined;
  /** `pick` over a list; a new array, the input is left alone. */
  pickAll(list: readonly Source[]): Pick<Source, Key>[];
}

/** The shape a view hands out. */
export type ViewOf<View> = View extends PublicView<infer Source, infer Key> ? Pick<Source, Key> : never;

const hasOwn = (source: object, key: string): boolean => Object.prototype.hasOwnProperty.call(source, key);

/**
 * `publicView<Source>()(...fields)`: curried so the source type is written once and the field names are
 * inferred (and checked against it) as literals.
 */
export const publicView =
  <Source extends object>() =>
  <const Key extends keyof Source & string>(...fields: Key[]): PublicView<Source, Key> => {
    const frozen: readonly Key[] = Object.freeze([...new Set(fields)]);
    const pickOne = (source: Source): Pick<Source, Key> => {
      // Built key by key from an empty object, never from the source, so nothing unnamed can ride along.
      const out: Partial<Pick<Source, Key>> = {};
      for (const key of frozen) if (hasOwn(source, key)) out[key] = source[key];
      return out as Pick<Source, Key>; // absent optional fields are absent here too, as Pick allows
    };
    function pick(source: Source): Pick<Source, Key>;
    function pick(source: Source | null): Pick<Source, Key> | null;
    function pick(source: Source | null | undefined): Pick<Source, Key> | null | undefined;
    function pick(source: Source | null | undefined): Pick<Source, Key> | null | undefined {
      return source == null ? source : pickOne(source);
    }
    return { fields: frozen, pick, pickAll: (list) => list.map(pickOne) };
  };

/**
 * `true` only when a view hands out exactly the fields its readers' type names (no more, no fewer) and
 * each with a type the readers accept (it may be narrower: `'client' | 'therapist'` for `string`).
 * A plugin's `views.ts` lists `SameFields<ViewOf<typeof xView>, XView>` in a tuple of `true`s, so tsc
 * refuses a definition that drifts from what the site reads.
 */
export type SameFields<View, Shared> = [keyof View] extends [keyof Shared]
  ? [keyof Shared] extends [keyof View]
    ? [View] extends [Shared]
      ? true
      : false
    : false
  : false;

/** A compile-time check: `Proof<SameFields<A, B>>` fails to compile unless the check is `true`. */
export type Proof<Check extends true> = Check;
