package io.zeta.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.zeta.ZetaException;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.Storage;
import io.zeta.identity.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * The tokens {@code POST /acs/api/v1/auth/login} answers: JWTs signed with HMAC-SHA256 by a key of
 * the cluster (256 random bits, generated once and kept owner-only, 0600 in the 0700 secrets
 * directory, like the directory's bind password; never printed), with the user as subject (and
 * {@code uid}, as DC/OS's tokens carry it), this server as issuer, the cluster as audience and an
 * expiry. Only HS256 tokens this key signed, for this cluster, not expired, are accepted: {@code
 * alg: none}, another algorithm, a changed payload or signature, an expired token are refused.
 */
final class LoginTokens {
  static final String ISSUER = "zeta-serve";
  static final Duration DEFAULT_EXPIRY = Duration.ofHours(8);
  static final Duration MAX_EXPIRY = Duration.ofDays(30);
  private static final int KEY_BYTES = 32;
  private static final int MAX_TOKEN_CHARS = 8192;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Why a token is refused (the 401's message). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] key;
  private final String audience;
  private final Duration expiry;
  private final Clock clock;

  LoginTokens(byte[] key, String audience, Duration expiry, Clock clock) {
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException("an HS256 key has at least 256 bits");
    }
    this.key = key.clone();
    this.audience = audience;
    this.expiry = expiry;
    this.clock = clock;
  }

  Duration expiry() {
    return expiry;
  }

  /**
   * The cluster's signing key: read, or generated and published by one rename that never
   * replaces (two servers starting at once agree on the first one's key).
   */
  static byte[] clusterKey(Storage storage) {
    try {
      if (!storage.exists(ClusterLayout.SERVE_TOKEN_KEY)) {
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        storage.mkdirs(ClusterLayout.SECRETS, ClusterLayout.SECRETS_DIR_MODE);
        String tmp = ClusterLayout.SECRETS + "/.zeta-tmp-serve-token-key-" + UUID.randomUUID();
        storage.createExclusive(tmp, (Base64.getEncoder().encodeToString(fresh) + "\n")
            .getBytes(StandardCharsets.US_ASCII), ClusterLayout.PRIVATE_MODE);
        try {
          storage.rename(tmp, ClusterLayout.SERVE_TOKEN_KEY);
        } catch (AlreadyExistsException raced) {
          storage.delete(tmp, false);
        }
      }
      byte[] key = Base64.getDecoder().decode(new String(storage.read(ClusterLayout.SERVE_TOKEN_KEY),
          StandardCharsets.US_ASCII).strip());
      if (key.length < KEY_BYTES) {
        throw new ZetaException(storage.uri(ClusterLayout.SERVE_TOKEN_KEY) + " holds no key of 256 bits",
            "delete it (every login token is then invalid) and start zeta serve again", null);
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new ZetaException(storage.uri(ClusterLayout.SERVE_TOKEN_KEY) + " is not a base64 key",
          "delete it (every login token is then invalid) and start zeta serve again", null);
    } catch (IOException e) {
      throw new ZetaException("cannot read or create the login token key " + storage.uri(ClusterLayout.SERVE_TOKEN_KEY)
          + ": " + io.zeta.Causes.describe(e), "run zeta serve as the cluster's owner (who may read the cluster's secrets)", e);
    }
  }

  /** A new token for the principal, valid for the expiry. */
  String issue(Principal principal) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(principal.name()).claim("uid", principal.name())
        .issuer(ISSUER).audience(audience).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(expiry)))
        .jwtID(UUID.randomUUID().toString()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new MACSigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a login token", e);
    }
    return jwt.serialize();
  }

  /** Whether the text looks like a JWT at all (three dot-separated parts), as opposed to the local token. */
  static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  /** The user a valid token names; refused with the reason otherwise. */
  String verify(String token) throws Refused {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new Refused("the token is longer than any this server issues");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new Refused("the token is not a signed JWT (" + e.getMessage() + ")");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new Refused("the token is signed with " + jwt.getHeader().getAlgorithm() + ", not this server's HS256");
    }
    try {
      if (!jwt.verify(new MACVerifier(key))) {
        throw new Refused("the token's signature is not this server's");
      }
    } catch (JOSEException e) {
      throw new Refused("the token's signature cannot be checked (" + e.getMessage() + ")");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Refused("the token's claims are not JSON");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !clock.instant().isBefore(exp.toInstant())) {
      throw new Refused("the token has expired" + (exp == null ? "" : " (at " + exp.toInstant() + ")"));
    }
    if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw new Refused("the token was issued for another cluster");
    }
    try {
      return Principal.checkName(claims.getSubject());
    } catch (ZetaException e) {
      throw new Refused("the token names no valid user");
    }
  }
}
