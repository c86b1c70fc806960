import type { paths } from '@collections/api-client';

/** The read models a question may ask: every name the document lists, checked by the compiler to be all of them. */
export type ReadModel = paths['/read-models/{collection}/query']['post']['parameters']['path']['collection'];
const READ_MODELS: Record<ReadModel, true> = {
  aging_ledger: true,
  audit_accounts: true,
  audit_trail: true,
  collection_paths: true,
  customer_collectors: true,
  disputes: true,
  escalation_proposals: true,
  invoices: true,
  kpi_days: true,
  payment_predictions: true,
  payment_reports: true,
  promises: true,
  replies: true,
  reply_customers: true,
  unapplied_cash: true,
  unidentified_cash: true,
  worklist_accounts: true,
  worklist_cash_settled: true,
};
export const READ_MODEL_NAMES = Object.keys(READ_MODELS).sort() as ReadModel[];

/** A question as the page holds it: the JSON texts as typed, so a saved one comes back exactly as written. */
export interface SavedQuery {
  name: string;
  collection: ReadModel;
  shape: 'filter' | 'pipeline';
  filter: string;
  sort: string;
  projection: string;
  pipeline: string;
  limit: number;
}

/**
 * "My saved queries" live in this browser (localStorage), per person's browser rather than on the
 * server: they are an analyst's scratch questions, need no permission of their own, and sharing one
 * is copying its JSON. Questions the whole team relies on belong in an endpoint or a report.
 */
const STORAGE_KEY = 'collections.savedQueries';

export function loadSavedQueries(): SavedQuery[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(stored) ? (stored as SavedQuery[]).filter((query) => typeof query?.name === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves `query` under its name, replacing one of the same name; the list stays in name order. */
export function saveQuery(saved: SavedQuery[], query: SavedQuery): SavedQuery[] {
  const next = [...saved.filter((other) => other.name !== query.name), query].sort((a, b) => a.name.localeCompare(b.name));
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

export function forgetQuery(saved: SavedQuery[], name: string): SavedQuery[] {
  const next = saved.filter((query) => query.name !== name);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}
