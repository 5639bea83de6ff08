/** A key-value storage area (storage.local or storage.session, or memory in tests): what layers and hops persist through. */
export interface KeyValueArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Where the area reports changes (storage.onChanged, from any context): the keys changed. A copy kept in memory is honest only with it. */
  onChanged?(listener: (keys: string[]) => void): void;
}
