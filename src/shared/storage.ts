/** A key-value storage area (storage.local or storage.session, or memory in tests): what layers and hops persist through. */
export interface KeyValueArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
