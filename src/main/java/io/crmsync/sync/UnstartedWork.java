package io.crmsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.notice.ChangeNotice;

/**
 * Puts the work an invocation had no time to start back on the change queue as fresh notices, delivered at once.
 * Not handed back as a batch item failure: that would spend a receive toward the dead-letter queue on work that
 * never failed, and a bulk change that never fits one invocation would end there after 5 receives.
 *
 * <p>A notice whose records were only partly synced is re-queued with the ids not started, not whole. Whole would
 * be harmless (notices are hints, records are re-read, echo suppression skips equal writes) but costs the reads
 * again, and a notice bigger than what one invocation can sync would then never shrink; cut, each invocation's
 * progress is kept. The cut edits the notice's JSON so every other field, known or not, travels unchanged.
 */
final class UnstartedWork {

    private static final Logger LOG = Logger.getLogger(UnstartedWork.class);

    private final ObjectMapper json;
    private final MessageDisposition queue;

    UnstartedWork(ObjectMapper json, MessageDisposition queue) {
        this.json = json;
        this.queue = queue;
    }

    /**
     * Re-queues what no step started of each message not in {@code settledOtherwise} (handed back or deferred
     * whole already, so nothing of theirs is lost).
     *
     * @return the messages that could not be re-queued: the worker hands those back
     */
    Set<String> requeue(PendingWork work, InvocationPace pace, Map<String, QueuedMessage> received,
            Set<String> settledOtherwise) {
        if (!pace.stopped()) {
            return Set.of();
        }
        List<MessageDisposition.Deferral> copies = new ArrayList<>();
        Set<String> notRequeued = new LinkedHashSet<>();
        int records = 0;
        for (Map.Entry<String, ChangeNotice> entry : work.notices().entrySet()) {
            String messageId = entry.getKey();
            if (settledOtherwise.contains(messageId)) {
                continue;
            }
            List<String> ids = entry.getValue().recordIds();
            List<String> left = pace.notStarted(work.groupOf(messageId), ids);
            if (left.isEmpty()) {
                continue;
            }
            QueuedMessage message = received.get(messageId);
            try {
                String body = left.size() == ids.size() ? message.body() : withRecordIds(message.body(), left);
                copies.add(MessageDisposition.Deferral.requeue(messageId, body, message.deferrals()));
                records += left.size();
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.errorf("message %s: could not cut its notice to the records not started (%s); handing it back",
                        messageId, e.getClass().getSimpleName());
                notRequeued.add(messageId);
            }
        }
        if (!copies.isEmpty()) {
            notRequeued.addAll(queue.defer(copies));
        }
        LOG.infof("deadline: %s left, %d records of %d messages not started and re-queued (%d could not be)",
                pace.left(), records, copies.size(), notRequeued.size());
        return notRequeued;
    }

    private String withRecordIds(String body, List<String> ids) throws JsonProcessingException {
        JsonNode tree = json.readTree(body);
        ArrayNode array = ((ObjectNode) tree).putArray("recordIds");
        ids.forEach(array::add);
        return json.writeValueAsString(tree);
    }
}
