package io.crmsync.e2e;

import java.util.Map;

import io.crmsync.localaws.LocalAws;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** How many notices the change queue holds, in flight included: what the end-to-end tests wait to reach zero. */
final class ChangeQueueDepth {

    private ChangeQueueDepth() {
    }

    static int of(LocalAws aws) {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(b -> b
                .queueUrl(aws.queueUrl("ChangeQueue")).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
