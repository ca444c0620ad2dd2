package io.headwater.account;

import com.typesafe.config.Config;
import io.headwater.Secrets;
import io.headwater.SettingsException;
import java.util.Optional;

/** The default account every node makes sure exists, and its operator-chosen API token, if any. */
public record BootstrapSettings(String accountId, String accountName, String accountEmail, Optional<String> apiToken) {
  static final int MIN_TOKEN_LENGTH = 20;

  public static BootstrapSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.bootstrap");
    String accountId = c.getString("account-id").trim();
    if (accountId.isEmpty()) {
      // Derived, not random: every node of the cluster must name the same default account.
      accountId = Secrets.sha256Hex("headwater-default-account:" + root.getString("headwater.cluster-name")).substring(0, 32);
    } else if (!Secrets.isId(accountId)) {
      throw new SettingsException("headwater.bootstrap.account-id", "must be 32 lowercase hex characters");
    }
    String token = c.getString("api-token");
    if (!token.isEmpty() && (token.length() < MIN_TOKEN_LENGTH || !token.matches("[\\x21-\\x7e]+"))) {
      throw new SettingsException(
          "headwater.bootstrap.api-token",
          "must be at least " + MIN_TOKEN_LENGTH + " printable characters without spaces (HEADWATER_API_TOKEN)");
    }
    String email = c.getString("account-email");
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new SettingsException("headwater.bootstrap.account-email", "'" + email + "' is not an e-mail address");
    }
    return new BootstrapSettings(
        accountId, c.getString("account-name"), email, token.isEmpty() ? Optional.empty() : Optional.of(token));
  }
}
