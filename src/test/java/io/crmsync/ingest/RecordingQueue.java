package io.crmsync.ingest;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;

/** A {@link NoticeQueue} for unit tests of intake: remembers what it was given, or fails on demand. */
public final class RecordingQueue implements NoticeQueue {

    public final List<ChangeNotice> enqueued = new ArrayList<>();
    public boolean unavailable;

    @Override
    public void enqueue(List<ChangeNotice> notices) {
        if (unavailable) {
            throw new EnqueueFailedException("queue down (test)", null);
        }
        enqueued.addAll(notices);
    }
}
