package io.crmsync.sync;

/**
 * The tenant's inclusion list is gone or unusable. Syncing everyone or no one would both be silent mistakes,
 * so the engine records a sync error naming the list instead.
 */
public class InclusionListMissingException extends RuntimeException {

    private final String listId;

    public InclusionListMissingException(String listId, String reason) {
        super("Inclusion list " + listId + " " + reason);
        this.listId = listId;
    }

    public String listId() {
        return listId;
    }
}
