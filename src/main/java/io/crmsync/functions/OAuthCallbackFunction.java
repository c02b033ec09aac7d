package io.crmsync.functions;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.crmsync.connect.OAuthCallback;
import io.crmsync.connect.OAuthCallbacks;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.quarkus.funqy.Funq;

/** The {@code oauth-callback} Lambda behind a public Function URL: see {@link OAuthCallbacks}. */
public class OAuthCallbackFunction {

    @Inject
    Instance<OAuthCallback> callbacks;

    @Funq("oauth-callback")
    public HttpResponseEvent oauthCallback(HttpRequestEvent request) {
        return new OAuthCallbacks(callbacks.stream().toList()).handle(request);
    }
}
