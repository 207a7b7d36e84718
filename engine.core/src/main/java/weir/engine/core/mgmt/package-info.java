/**
 * The management side of the engine (WFP's {@code Fwpm*} calls, the Base Filtering Engine): sessions, the
 * object store, transactions, lifetimes, enumeration, change subscriptions and persistence, in front of the
 * classify side ({@code weir.engine.core.classify}) that each commit publishes to.
 *
 * <p>Where WFP leaves a choice open, Weir decides as follows (each is tested):
 * <ul>
 * <li>FWPM_SUBLAYER_UNIVERSAL, the built-in default sublayer of every layer, has weight 0x8000.</li>
 * <li>A null key on add is assigned (a random version 4 UUID, {@code NewKeys}); filterIds (from 1) and providerContextIds are
 * monotonic and never reused while the engine runs; after a restart persistent objects keep their keys and get
 * new ids. A callout object's calloutId is the callout table's id for its key, the same before and after a
 * callout registers.</li>
 * <li>PERMIT_IF_CALLOUT_UNREGISTERED on an action other than CALLOUT_TERMINATING/UNKNOWN is INVALID_FLAGS;
 * BOOTTIME with PERSISTENT is INVALID_FLAGS, BOOTTIME alone NOT_SUPPORTED (no boot phase); DISABLED is dropped
 * on add; a provider context key without HAS_PROVIDER_CONTEXT is INVALID_FLAGS.</li>
 * <li>A dynamic session adding a persistent object gets DYNAMIC_SESSION_IN_PROGRESS; deleting, it may only
 * delete its own objects (DYNAMIC_SESSION_IN_PROGRESS / WRONG_SESSION, as FwpmFilterDeleteByKey0 says).</li>
 * <li>ADD_FILTER is asked when the filter is added (so the adder sees CALLOUT_NOTIFICATION_FAILED at once);
 * DELETE_FILTER is sent after the commit that deleted the filter was published, and also when the transaction
 * that added an accepted filter is aborted; ADD_FILTER_POST_COMMIT after commit, to callouts with
 * ENABLE_COMMIT_ADD_NOTIFY that accepted the ADD_FILTER.</li>
 * <li>Enumeration: BEST_TERMINATING_MATCH counts actions carrying FWP_ACTION_FLAG_TERMINATING (PERMIT, BLOCK,
 * CALLOUT_TERMINATING), not CALLOUT_UNKNOWN; without a layer it answers one filter per layer.</li>
 * <li>Change notifications go through a queue of 4096 on one thread; a full queue drops and counts
 * (NOTIFICATION_DROPPED), logging one line per subscription.</li>
 * <li>A commit whose store write fails is rolled back (the previous snapshots are published again) and fails
 * with STORE_DAMAGED.</li>
 * <li>D4 ties are logged one line each, up to ten per transaction, then summed up in one line.</li>
 * </ul>
 */
package weir.engine.core.mgmt;
