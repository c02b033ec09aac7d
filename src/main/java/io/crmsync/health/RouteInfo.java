package io.crmsync.health;

/**
 * One route of an admin route group, for the route table the admin API's OpenAPI description is checked against.
 *
 * @param pathTemplate with {@code {name}} placeholders, e.g. {@code /tenants/{id}/health}
 * @param produces     the answer's media type
 */
public record RouteInfo(String method, String pathTemplate, String summary, String produces) {
}
