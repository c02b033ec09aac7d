package io.crmsync.notice;

import java.util.List;

/** Where intake hands notices over for the sync worker. */
public interface NoticeQueue {

    /**
     * Durably enqueues every notice, or throws {@link EnqueueFailedException}; callers acknowledge the CRM
     * only after this returns, so a CRM retry covers anything that was not enqueued.
     */
    void enqueue(List<ChangeNotice> notices);

    final class EnqueueFailedException extends RuntimeException {
        public EnqueueFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
