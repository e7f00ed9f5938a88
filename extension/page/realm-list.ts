// MAIN world: what the guard keeps per realm it guards (a realm's page API, its lazy watchers), held only as long as
// that realm lives. A guard that held them strongly kept every frame the page ever made and removed alive — each a
// whole realm, with the interface objects the guard's wrappers had touched — so the page's heap and every garbage
// collection grew with the frames created (issue 12). Each value is kept in an ephemeron table under an object that
// lives exactly as long as its realm (`life`: the hook the guard defines on that realm's global as a
// non-configurable property, index.ts) and found through a weak reference to that object: the removed frame's realm
// can be collected, and its entry disappears with it. An ordinary function of the guard's making, not the
// WindowProxy, whose lifetime is the browser's own business. Built from intrinsics captured here, at the guard's
// first run, before any page script.
import { call, create, SafeWeakMap } from "./natives";

const Ref = (globalThis as unknown as { WeakRef: typeof WeakRef }).WeakRef;
const deref = Ref.prototype.deref;

export class RealmList<V> {
  private readonly values = new SafeWeakMap<object, V>();
  private refs = create(null) as Record<number, WeakRef<object>>;
  private n = 0;
  /** Compact when the list reaches this length (doubled when mostly live), so adding stays O(1) amortised. */
  private limit = 16;

  /** Live entries (those whose realm was collected are dropped as they are found). */
  get size(): number {
    this.compact();
    return this.n;
  }

  add(life: object, value: V): void {
    if (this.n >= this.limit) {
      this.compact();
      if (this.n * 2 > this.limit) this.limit *= 2;
    }
    this.values.set(life, value);
    this.refs[this.n++] = new Ref(life);
  }

  /** `fn` for every value whose realm is alive, in the order added; a value `fn` throws for is dropped. */
  each(fn: (value: V) => void): void {
    let m = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const ref = this.refs[i]!;
      const key = call(deref, ref) as object | undefined;
      const value = key === undefined ? undefined : this.values.get(key);
      if (value === undefined) continue;
      try {
        fn(value);
      } catch {
        // a realm whose frame was removed (Firefox: NS_ERROR_UNEXPECTED from its natives): dropped
        this.values.delete(key!);
        continue;
      }
      this.refs[m++] = ref;
    }
    // Entries added by `fn` itself (a realm adopted meanwhile) follow the kept ones.
    for (let i = n; i < this.n; i++) this.refs[m++] = this.refs[i]!;
    for (let i = m; i < this.n; i++) delete this.refs[i];
    this.n = m;
  }

  private compact(): void {
    this.each(() => {});
  }
}
