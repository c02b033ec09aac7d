package io.crmsync.reconcile;

/**
 * How many more CRM calls a reconcile pass may spend. Asked before each call is made (and before each repair,
 * which the sync worker will spend calls on), so a pass stops before it overshoots, never after.
 */
@FunctionalInterface
public interface CallBudget {

    /** Takes {@code calls} from the budget if it has them; false (taking nothing) when it does not. */
    boolean tryReserve(int calls);

    /** A budget of {@code max} calls for one pass. */
    static CallBudget atMost(int max) {
        return new CallBudget() {
            private int left = max;

            @Override
            public synchronized boolean tryReserve(int calls) {
                if (calls > left) {
                    return false;
                }
                left -= calls;
                return true;
            }
        };
    }
}
