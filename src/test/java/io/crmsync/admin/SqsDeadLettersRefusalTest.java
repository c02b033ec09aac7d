package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.notice.DeadLetters;
import io.crmsync.queue.SqsDeadLetters;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

/**
 * How the redrive reads SQS's refusals of StartMessageMoveTask, with SQS's answers scripted: AWS refuses a second
 * move with 400 InvalidParameterValue "There is already a task running. Only one active task is allowed for a
 * source queue arn at a given time." (as recorded against AWS in LocalStack's move-task snapshot tests), and the
 * move that caused it may finish before ListMessageMoveTasks is asked.
 */
class SqsDeadLettersRefusalTest {

    static final SqsException ALREADY_RUNNING = refusal(400, "InvalidParameterValue",
            "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");

    /** Answers each StartMessageMoveTask from a script (a handle, or a refusal) and lists the given moves. */
    static final class ScriptedSqs implements SqsClient {
        final Deque<Object> starts = new ArrayDeque<>();
        List<ListMessageMoveTasksResultEntry> moves = List.of();
        int startCalls;

        @Override
        public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest request) {
            startCalls++;
            Object next = starts.pop();
            if (next instanceof SqsException refused) {
                throw refused;
            }
            return StartMessageMoveTaskResponse.builder().taskHandle((String) next).build();
        }

        @Override
        public ListMessageMoveTasksResponse listMessageMoveTasks(ListMessageMoveTasksRequest request) {
            return ListMessageMoveTasksResponse.builder().results(moves).build();
        }

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            String name = request.queueUrl().substring(request.queueUrl().lastIndexOf('/') + 1);
            return GetQueueAttributesResponse.builder().attributes(Map.of(QueueAttributeName.QUEUE_ARN,
                    "arn:aws:sqs:us-east-1:000000000000:" + name)).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    final ScriptedSqs sqs = new ScriptedSqs();
    final SqsDeadLetters deadLetters = new SqsDeadLetters(sqs,
            Optional.of("https://sqs.us-east-1.amazonaws.com/000000000000/crmsync-changes-dlq"),
            Optional.of("https://sqs.us-east-1.amazonaws.com/000000000000/crmsync-changes"));

    static SqsException refusal(int status, String code, String message) {
        return (SqsException) SqsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    static ListMessageMoveTasksResultEntry move(String handle, String status, long moved) {
        return ListMessageMoveTasksResultEntry.builder().taskHandle(handle).status(status)
                .approximateNumberOfMessagesMoved(moved).approximateNumberOfMessagesToMove(400L).build();
    }

    @Test
    void aRefusalByAMoveThatFinishedMeanwhileStartsTheNewMove() {
        sqs.starts.add(ALREADY_RUNNING);
        sqs.starts.add("task-2");
        sqs.moves = List.of(ListMessageMoveTasksResultEntry.builder().status("COMPLETED")
                .approximateNumberOfMessagesMoved(400L).build());

        assertThat(deadLetters.redrive()).isEqualTo("task-2");
        assertThat(sqs.startCalls).isEqualTo(2);
    }

    @Test
    void aRefusalWhileAMoveRunsNamesItAndItsProgress() {
        sqs.starts.add(ALREADY_RUNNING);
        sqs.moves = List.of(move("task-1", "RUNNING", 120));

        assertThatThrownBy(deadLetters::redrive).isInstanceOfSatisfying(
                DeadLetters.MoveAlreadyRunningException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("a redrive of the dead-letter queue is already running"
                            + " (task task-1, 120 of 400 moved so far)");
                    assertThat(e.running().moved()).isEqualTo(120);
                });
        assertThat(sqs.startCalls).isEqualTo(1);
    }

    @Test
    void aMoveBeingCancelledStillHoldsTheQueue() {
        sqs.starts.add(ALREADY_RUNNING);
        sqs.moves = List.of(move("task-1", "CANCELLING", 7));

        assertThatThrownBy(deadLetters::redrive).isInstanceOf(DeadLetters.MoveAlreadyRunningException.class);
    }

    @Test
    void otherRefusalsAreNotMistakenForARunningMove() {
        SqsException denied = refusal(403, "AccessDenied", "not authorized to perform: sqs:StartMessageMoveTask");
        sqs.starts.add(denied);
        sqs.moves = List.of(move("task-1", "RUNNING", 3));

        assertThatThrownBy(deadLetters::redrive).isSameAs(denied);
        assertThat(sqs.startCalls).isEqualTo(1);
    }
}
