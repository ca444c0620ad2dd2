package io.headwater;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.headwater");

  @Test
  void mediaModelAndCodecsUseOnlyTheJdk() {
    classes().that().resideInAPackage("io.headwater.media")
        .or().resideInAPackage("io.headwater..codec..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "io.headwater.media..")
        // The media packages arrive with the ingest issues; until then the rule has nothing to check.
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @Test
  void onlyTheApiAndPlaybackUsePekkoHttpsServerDsl() {
    noClasses().that().resideOutsideOfPackages("io.headwater.api..", "io.headwater", "io.headwater.media.hls")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko.http.javadsl.server..", "org.apache.pekko.http.scaladsl.server..")
        .check(MAIN);
  }

  @Test
  void domainDoesNotKnowTheApi() {
    noClasses().that().resideInAnyPackage(
            "io.headwater.liveinput..", "io.headwater.account..", "io.headwater.cluster..", "io.headwater.restream..")
        .should().dependOnClassesThat().resideInAnyPackage("io.headwater.api..", "org.apache.pekko.http..")
        .check(MAIN);
  }

  @Test
  void theLiveInputKeepsItsPassphraseAwayFromTheWireCodecs() {
    // The entity opens SRT key material through KeyMaterialOpener; the SRT package supplies it at wiring time.
    noClasses().that().resideInAPackage("io.headwater.liveinput..")
        .should().dependOnClassesThat().resideInAnyPackage("io.headwater.media.srt..", "io.headwater.media.rtmp..")
        .check(MAIN);
  }

  @Test
  void playbackAsksAnInterfaceNotTheDomain() {
    // Playback of an input published on another node must go through PlaybackResolver, never a domain shortcut.
    noClasses().that().resideInAPackage("io.headwater.media.hls..")
        .should().dependOnClassesThat().resideInAnyPackage("io.headwater.liveinput..", "io.headwater.account..",
            "io.headwater.api..")
        .check(MAIN);
  }

  @Test
  void onlyTheTranscoderTouchesFfmpeg() {
    // Native decoders, scalers and encoders have one home, where each is owned and released by one class.
    noClasses().that().resideOutsideOfPackage("io.headwater.media.transcode..")
        .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
        .check(MAIN);
  }

  @Test
  void restreamDestinationSafetyIsJdkOnlyPlusSettings() {
    // Destination parsing and the policy must be checkable without Pekko; the pushers live in restream.push.
    classes().that().resideInAPackage("io.headwater.restream")
        .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java..", "com.typesafe.config..", "io.headwater.restream..")
            .or(JavaClass.Predicates.equivalentTo(SettingsException.class)))
        .check(MAIN);
  }

  @Test
  void theEmbeddedCassandrasParentWatchIsJdkOnly() {
    // Its class file is the only piece of Headwater the Cassandra child JVM loads.
    classes().that().haveFullyQualifiedName("io.headwater.cluster.ParentWatch")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.headwater.cluster")
        .check(MAIN);
  }
}
