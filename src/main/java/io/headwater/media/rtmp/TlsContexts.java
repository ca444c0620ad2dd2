package io.headwater.media.rtmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server certificate for RTMPS: the operator's PKCS#12 keystore, or, when none is configured, a
 * self-signed one generated once into the data directory with the JDK's keytool (encoders such as OBS
 * and FFmpeg accept it when told to skip verification; put a real certificate in front for production).
 */
public final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
  static final String SELF_SIGNED = "rtmps-self-signed.p12";

  private TlsContexts() {}

  public static SSLContext serverContext(Path keystore, char[] password, Path dataDir, String host) {
    try {
      Path store = keystore;
      char[] pass = password;
      if (store == null) {
        store = dataDir.resolve(SELF_SIGNED);
        pass = "headwater-self-signed".toCharArray();
        if (!Files.exists(store)) generateSelfSigned(store, pass, host);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, pass);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up RTMPS TLS from " + (keystore == null ? "a self-signed certificate" : keystore), e);
    }
  }

  private static void generateSelfSigned(Path store, char[] password, String host) throws IOException {
    Files.createDirectories(store.getParent());
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> command = List.of(keytool, "-genkeypair", "-alias", "rtmps", "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-validity", "3650", "-dname", "CN=" + host,
        "-ext", "SAN=" + (host.matches("[0-9.]+|.*:.*") ? "ip:" : "dns:") + host + ",dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(password), "-keypass", new String(password));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating the RTMPS certificate", e);
    }
    log.info("generated a self-signed RTMPS certificate for {} in {}", host, store);
  }
}
