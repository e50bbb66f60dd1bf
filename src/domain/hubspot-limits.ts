// HubSpot's limits, one home each, with the page that states them. Pure constants (and the one
// UTF-8 size helper the textarea checks use): the domain, the gateway and the server import them
// from here instead of repeating the numbers.

/**
 * A single-line or multi-line text property takes at most 65,536 characters when the value is
 * written through the CRM (forms do not limit it). "Property field types in HubSpot":
 * https://knowledge.hubspot.com/properties/property-field-types-in-hubspot
 */
export const TEXT_PROPERTY_MAX_CHARACTERS = 65_536;

/**
 * Head-room the product keeps below TEXT_PROPERTY_MAX_CHARACTERS: the next save of a document
 * that just fits grows a little (a longer `rev`, another user id), and a document should never
 * become unsaveable by an edit that adds nothing.
 */
export const TEXTAREA_SAFETY_MARGIN = 4_096;

/**
 * The largest JSON document the product writes into one text property (plan sections, the
 * qualification and loop histories, the carried-over essentials), in UTF-8 bytes. Bytes are never
 * fewer than characters, so the check holds whether HubSpot counts characters or bytes.
 */
export const MAX_TEXTAREA_JSON_BYTES = TEXT_PROPERTY_MAX_CHARACTERS - TEXTAREA_SAFETY_MARGIN;

/** HubSpot's batch endpoints take at most 100 inputs. https://developers.hubspot.com/docs/api/crm/understanding-the-crm */
export const BATCH_LIMIT = 100;
/** Search: at most 200 per page, and no paging past 10,000 results. https://developers.hubspot.com/docs/api/crm/search */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
/**
 * How far behind writes HubSpot's search index may be ("seconds"; a record just written may not
 * be found yet — https://developers.hubspot.com/docs/api/crm/search). Incremental reads keyed on
 * `lastmodifieddate` overlap their window by this much; the local portal models 3 s by default.
 */
export const SEARCH_INDEX_LAG_MS = 60_000;
/**
 * Search filter limits: at most 5 filter groups, 10 filters per group, 25 filters in all (since
 * 2024-08-26). https://developers.hubspot.com/docs/api/crm/search#filter-search-results
 */
export const SEARCH_MAX_FILTER_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 10;
export const SEARCH_MAX_FILTERS = 25;

/** Number of bytes `text` takes in UTF-8 (a lone surrogate counts as the 3-byte replacement). */
export function measureUtf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `text` fits one text property within the product's budget. */
export function fitsTextarea(text: string, maxBytes: number = MAX_TEXTAREA_JSON_BYTES): boolean {
  return measureUtf8Bytes(text) <= maxBytes;
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes at a code-point boundary (a surrogate pair is never
 * split), so a shortened value is still valid text.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (measureUtf8Bytes(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const pair = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(end + 1));
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return text.slice(0, end);
}
