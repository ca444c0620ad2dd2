package io.headwater.load.transcode;

/** Prints the path of the ffmpeg binary of the FFmpeg build in Headwater's jar, unpacked by JavaCPP. */
public final class FfmpegBinary {
  private FfmpegBinary() {}

  public static void main(String[] args) {
    System.out.println(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
  }
}
