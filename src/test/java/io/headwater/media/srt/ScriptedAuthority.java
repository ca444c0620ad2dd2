package io.headwater.media.srt;

import io.headwater.liveinput.GrantedPlayback;
import io.headwater.liveinput.GrantedPublish;
import io.headwater.liveinput.MediaKeys;
import io.headwater.liveinput.PublishAuthority;
import io.headwater.liveinput.PublishCredential;
import io.headwater.liveinput.PublisherControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/** The live input as the test scripts it: each ask waits for the test to answer. */
final class ScriptedAuthority implements PublishAuthority {
  record Start(String liveInputId, PublishCredential credential, String sessionId, String remoteAddress,
      String protocol, ActorRef<PublisherControl> control, CompletableFuture<GrantedPublish> reply) {}

  final List<Start> starts = new ArrayList<>();
  final List<String> ends = new ArrayList<>();
  final List<CompletableFuture<MediaKeys>> refreshes = new ArrayList<>();

  @Override
  public CompletionStage<GrantedPublish> startPublish(String liveInputId, PublishCredential credential,
      String sessionId, String remoteAddress, String protocol, ActorRef<PublisherControl> control) {
    Start start = new Start(liveInputId, credential, sessionId, remoteAddress, protocol, control, new CompletableFuture<>());
    starts.add(start);
    return start.reply;
  }

  @Override
  public CompletionStage<MediaKeys> refreshMediaKeys(String liveInputId, String sessionId, byte[] keyMaterial) {
    CompletableFuture<MediaKeys> reply = new CompletableFuture<>();
    refreshes.add(reply);
    return reply;
  }

  @Override
  public void endPublish(String liveInputId, String sessionId, String reason) {
    ends.add(reason);
  }

  record Play(String liveInputId, PublishCredential credential, CompletableFuture<GrantedPlayback> reply) {}

  final List<Play> plays = new ArrayList<>();

  @Override
  public CompletionStage<GrantedPlayback> authorizePlayback(String liveInputId, PublishCredential credential) {
    Play play = new Play(liveInputId, credential, new CompletableFuture<>());
    plays.add(play);
    return play.reply;
  }

  @Override
  public String node() {
    return "node-a";
  }
}
