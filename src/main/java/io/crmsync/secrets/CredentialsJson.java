package io.crmsync.secrets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.tenant.TenantCredentials;

/**
 * A tenant's credentials as the JSON its secret holds: the records' fields by name, instants as ISO-8601 text,
 * absent parts left out. Its own mapper, so no customisation of the application's ObjectMapper can change
 * what is stored.
 */
public final class CredentialsJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A field a newer deployment added must not make an older one lose the tenant's grants.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private CredentialsJson() {
    }

    public static String write(TenantCredentials credentials) {
        try {
            return JSON.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the value being written: only its kind is kept.
            throw new IllegalStateException("cannot write tenant credentials as JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /**
     * @throws IllegalArgumentException when the text is no JSON of {@link TenantCredentials}; the message gives
     *                                  where it fails, never the text
     */
    public static TenantCredentials read(String json) {
        try {
            TenantCredentials credentials = JSON.readValue(json, TenantCredentials.class);
            if (credentials == null) {
                throw new IllegalArgumentException("the secret holds JSON null, not tenant credentials");
            }
            return credentials;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("the secret holds no readable tenant credentials ("
                    + e.getClass().getSimpleName() + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                            + at.getColumnNr()) + ")");
        }
    }
}
