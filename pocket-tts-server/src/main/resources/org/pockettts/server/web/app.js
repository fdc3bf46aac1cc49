// The Pocket TTS page: sends the form to POST /tts and plays the answer while it streams in.
// A WAV answer is read chunk by chunk, its header parsed once, and every batch of samples scheduled
// right behind the previous one in Web Audio. A compressed answer (mp3, opus, flac) is played by the
// <audio> element: fed chunk by chunk through Media Source Extensions where the browser takes the
// format so (Chromium: mp3), else once it is complete. Either way speech starts after the first
// frames where it can. The state is mirrored in data attributes of #status for tests.
'use strict';

const $ = (id) => document.getElementById(id);
const statusEl = $('status');
const errorEl = $('error');
const form = $('tts-form');
const generateButton = $('generate');
const stopButton = $('stop');
const downloadLink = $('download');
const canvas = $('waveform');
const audioEl = $('audio');
const speedInput = $('speed');

const PARAMETERS = ['temperature', 'lsd_decode_steps', 'eos_threshold', 'noise_clamp', 'frames_after_eos', 'seed'];

let audioContext = null;
let current = null;

function setStatus(state, text) {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function showError(message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
  setStatus('error', 'Failed.');
}

function clearError() {
  errorEl.textContent = '';
  errorEl.hidden = true;
}

function ascii(bytes, at, length) {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Reads the header of a WAV stream: null while more bytes are needed, throws when it is no 16-bit WAV. */
function parseWavHeader(bytes) {
  if (bytes.length < 12) return null;
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') throw new Error('the answer is not a WAV stream');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'data') {
      if (!format) throw new Error('the WAV stream has no format chunk');
      return { ...format, dataOffset: at + 8 };
    }
    if (at + 8 + size > bytes.length) return null;
    if (id === 'fmt ') {
      format = { channels: view.getUint16(at + 10, true), sampleRate: view.getUint32(at + 12, true),
                 bits: view.getUint16(at + 22, true) };
      if (format.channels !== 1 || format.bits !== 16) throw new Error('expected 16-bit mono audio');
    }
    at += 8 + size + (size & 1);
  }
  return null;
}

/** Turns the bytes of a streamed WAV into float samples as they come, keeping the PCM for the download. */
class WavStream {
  constructor() {
    this.head = new Uint8Array(0);
    this.format = null;
    this.carry = null;
    this.pcm = [];
    this.samples = 0;
  }

  push(bytes) {
    if (!this.format) {
      this.head = concat(this.head, bytes);
      this.format = parseWavHeader(this.head);
      if (!this.format) return new Float32Array(0);
      bytes = this.head.subarray(this.format.dataOffset);
    }
    if (this.carry) {
      bytes = concat(this.carry, bytes);
      this.carry = null;
    }
    const whole = bytes.length - (bytes.length % 2);
    if (whole < bytes.length) this.carry = bytes.slice(whole);
    const pcm = bytes.slice(0, whole);
    const view = new DataView(pcm.buffer);
    const out = new Float32Array(whole / 2);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true) / 32768;
    this.pcm.push(pcm);
    this.samples += out.length;
    return out;
  }

  /** The audio received so far as a WAV file with its true sizes (the stream's header has placeholders). */
  toBlob() {
    const dataBytes = this.samples * 2;
    const header = new DataView(new ArrayBuffer(44));
    const text = (at, s) => [...s].forEach((c, i) => header.setUint8(at + i, c.charCodeAt(0)));
    text(0, 'RIFF'); header.setUint32(4, 36 + dataBytes, true); text(8, 'WAVEfmt ');
    header.setUint32(16, 16, true); header.setUint16(20, 1, true); header.setUint16(22, 1, true);
    header.setUint32(24, this.format.sampleRate, true); header.setUint32(28, this.format.sampleRate * 2, true);
    header.setUint16(32, 2, true); header.setUint16(34, 16, true); text(36, 'data');
    header.setUint32(40, dataBytes, true);
    return new Blob([header.buffer, ...this.pcm], { type: 'audio/wav' });
  }
}

/** Plays batches of samples back to back as they arrive. */
class Player {
  constructor(context, sampleRate) {
    this.context = context;
    this.sampleRate = sampleRate;
    this.next = 0;
    this.sources = new Set();
  }

  play(samples) {
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, this.sampleRate);
    buffer.copyToChannel(samples, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const now = this.context.currentTime;
    // At the start, or after the network fell behind, leave a little slack so the batches join up.
    if (this.next < now + 0.02) this.next = now + 0.1;
    source.start(this.next);
    this.next += buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
    statusEl.dataset.playing = 'true';
    statusEl.dataset.contextState = this.context.state;
  }

  stop() {
    for (const source of this.sources) source.stop();
    this.sources.clear();
  }
}

/** A waveform of everything received, one bar per 20 ms, squeezed to the canvas width and scaled to the loudest. */
class Waveform {
  constructor(canvasElement) {
    this.canvas = canvasElement;
    this.peaks = [];
    this.pending = false;
  }

  reset() {
    this.peaks = [];
    this.draw();
  }

  add(samples, sampleRate) {
    const block = Math.max(1, Math.round(sampleRate / 50));
    for (let i = 0; i < samples.length; i += block) {
      let peak = 0;
      for (let j = i; j < Math.min(samples.length, i + block); j++) peak = Math.max(peak, Math.abs(samples[j]));
      this.peaks.push(peak);
    }
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.draw(); });
    }
  }

  draw() {
    const g = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    g.clearRect(0, 0, width, height);
    g.fillStyle = getComputedStyle(this.canvas).color;
    const columns = Math.max(this.peaks.length, 250);
    const step = width / columns;
    const loudest = this.peaks.reduce((m, p) => Math.max(m, p), 0.02);
    for (let i = 0; i < this.peaks.length; i++) {
      const h = Math.max(1, (this.peaks[i] / loudest) * height * 0.9);
      g.fillRect(i * step, (height - h) / 2, Math.max(1, step - 0.5), h);
    }
  }
}

const waveform = new Waveform(canvas);

/** Plays a compressed answer in the <audio> element, as it arrives where the browser can; keeps its bytes. */
class MediaPlayback {
  constructor(type) {
    this.type = type;
    this.chunks = [];
    this.bytes = 0;
    this.source = null;
    this.buffer = null;
    this.started = false;
  }

  /** Opens the stream: through Media Source Extensions when the browser takes the type, else false. */
  async open() {
    audioEl.pause();
    if (audioEl.src) URL.revokeObjectURL(audioEl.src);
    audioEl.hidden = false;
    statusEl.dataset.audioPlayed = 'false';
    if (!(window.MediaSource && MediaSource.isTypeSupported(this.type))) return false;
    this.source = new MediaSource();
    audioEl.src = URL.createObjectURL(this.source);
    await new Promise((resolve) => this.source.addEventListener('sourceopen', resolve, { once: true }));
    this.buffer = this.source.addSourceBuffer(this.type);
    return true;
  }

  async push(bytes) {
    this.chunks.push(bytes);
    this.bytes += bytes.length;
    if (!this.buffer) return;
    this.buffer.appendBuffer(bytes);
    await new Promise((resolve) => this.buffer.addEventListener('updateend', resolve, { once: true }));
    if (!this.started) {
      this.started = true;
      audioEl.play().catch(() => { /* the 'play' button of the controls still works */ });
    }
  }

  /** The end of the answer: the media source is closed, or the whole file handed to the element. */
  finish() {
    if (this.source) {
      if (this.source.readyState === 'open') this.source.endOfStream();
    } else {
      audioEl.src = URL.createObjectURL(this.blob());
      audioEl.play().catch(() => { /* the 'play' button of the controls still works */ });
    }
  }

  blob() {
    return new Blob(this.chunks, { type: this.type });
  }
}

function selectedVoiceKind() {
  return form.querySelector('input[name="voice-kind"]:checked').value;
}

function showVoiceSource() {
  const kind = selectedVoiceKind();
  for (const el of document.querySelectorAll('.voice-source')) el.hidden = el.dataset.kind !== kind;
}

function buildForm() {
  const data = new FormData();
  data.append('text', $('text').value);
  const kind = selectedVoiceKind();
  if (kind === 'predefined' && $('voice').value) data.append('voice_url', $('voice').value);
  if (kind === 'url' && $('voice-url').value.trim()) data.append('voice_url', $('voice-url').value.trim());
  if (kind === 'upload') {
    const file = $('voice-file').files[0];
    if (!file) throw new Error('Choose a WAV file to upload, or pick another kind of voice.');
    data.append('voice_wav', file, file.name);
  }
  for (const name of PARAMETERS) {
    const value = $(name).value.trim();
    if (value !== '') data.append(name, value);
  }
  data.append('format', $('format').value);
  if (Number(speedInput.value) !== 1) data.append('speed', speedInput.value);
  if ($('normalize').checked) data.append('normalize', 'true');
  return data;
}

async function errorDetail(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') return body.detail;
  } catch (ignored) {
    // not JSON: fall back to the status line
  }
  return `${response.status} ${response.statusText}`;
}

function resetDownload() {
  if (downloadLink.href) URL.revokeObjectURL(downloadLink.href);
  downloadLink.removeAttribute('href');
  downloadLink.classList.add('disabled');
  downloadLink.setAttribute('aria-disabled', 'true');
}

function offerDownload(blob, extension) {
  if (blob.size === 0) return;
  downloadLink.href = URL.createObjectURL(blob);
  downloadLink.download = `generated_speech.${extension}`;
  downloadLink.classList.remove('disabled');
  downloadLink.removeAttribute('aria-disabled');
}

/** Receives a WAV answer, playing its samples through Web Audio as they come. */
async function receiveWav(reader, run) {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const samples = run.wav.push(value);
    if (samples.length === 0) continue;
    const rate = run.wav.format.sampleRate;
    if (!run.player) {
      run.player = new Player(audioContext, rate);
      statusEl.dataset.sampleRate = String(rate);
      statusEl.dataset.firstAudioMs = String(Math.round(performance.now() - run.started));
    }
    run.player.play(samples);
    waveform.add(samples, rate);
    statusEl.dataset.samples = String(run.wav.samples);
    statusEl.textContent = `Playing while receiving: ${(run.wav.samples / rate).toFixed(1)} s of audio`
      + ` (first audio after ${statusEl.dataset.firstAudioMs} ms).`;
  }
  if (!run.wav.format) throw new Error('the answer held no audio');
  const seconds = run.wav.samples / run.wav.format.sampleRate;
  setStatus('done', `Done: ${seconds.toFixed(1)} s of audio in ${((performance.now() - run.started) / 1000).toFixed(1)} s`
    + ` (first audio after ${statusEl.dataset.firstAudioMs} ms).`);
  offerDownload(run.wav.toBlob(), 'wav');
}

/** Receives a compressed answer into the <audio> element. */
async function receiveMedia(reader, run, type, extension) {
  const media = new MediaPlayback(type);
  run.media = media;
  canvas.hidden = true; // the element shows its own progress
  statusEl.dataset.streamed = String(await media.open());
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (media.bytes === 0) statusEl.dataset.firstAudioMs = String(Math.round(performance.now() - run.started));
    await media.push(value);
    statusEl.dataset.bytes = String(media.bytes);
    statusEl.textContent = `${media.source ? 'Playing while receiving' : 'Receiving'}: ${(media.bytes / 1024).toFixed(0)} kB`
      + ` of ${extension} (first bytes after ${statusEl.dataset.firstAudioMs} ms).`;
  }
  if (media.bytes === 0) throw new Error('the answer held no audio');
  media.finish();
  setStatus('done', `Done: ${(media.bytes / 1024).toFixed(0)} kB of ${extension} in`
    + ` ${((performance.now() - run.started) / 1000).toFixed(1)} s (first bytes after ${statusEl.dataset.firstAudioMs} ms).`);
  offerDownload(media.blob(), extension);
}

async function generate(event) {
  event.preventDefault();
  if (current) current.controller.abort();
  clearError();
  resetDownload();
  waveform.reset();
  statusEl.dataset.samples = '0';
  statusEl.dataset.playing = 'false';
  delete statusEl.dataset.firstAudioMs;
  audioEl.pause();
  audioEl.hidden = true;
  canvas.hidden = false;

  let body;
  try {
    body = buildForm();
  } catch (e) {
    showError(e.message);
    return;
  }
  // Created on the click, so that browsers allow it to play.
  audioContext = audioContext || new AudioContext();
  await audioContext.resume();
  statusEl.dataset.contextState = audioContext.state;

  const run = { controller: new AbortController(), player: null, wav: new WavStream(), media: null,
    started: performance.now() };
  current = run;
  generateButton.disabled = true;
  stopButton.disabled = false;
  setStatus('requesting', 'Waiting for the server…');
  try {
    const response = await fetch('tts', { method: 'POST', body, signal: run.controller.signal });
    if (!response.ok) {
      showError(await errorDetail(response));
      return;
    }
    const reader = response.body.getReader();
    setStatus('streaming', 'Receiving audio…');
    const type = (response.headers.get('Content-Type') || '').split(';')[0].trim();
    if (type === 'audio/wav') {
      await receiveWav(reader, run);
    } else {
      await receiveMedia(reader, run, type, $('format').value);
    }
  } catch (e) {
    if (e.name === 'AbortError') {
      setStatus('stopped', 'Stopped.');
      if (run.wav.format) offerDownload(run.wav.toBlob(), 'wav');
      if (run.media) offerDownload(run.media.blob(), $('format').value);
    } else {
      showError(`The audio could not be received: ${e.message}`);
    }
  } finally {
    if (current === run) {
      current = null;
      generateButton.disabled = false;
      stopButton.disabled = true;
    }
  }
}

function stop() {
  if (!current) return;
  current.controller.abort();
  if (current.player) current.player.stop();
  if (current.media) audioEl.pause();
}

function showSpeed() {
  $('speed-value').textContent = `${Number(speedInput.value).toFixed(2)}×`;
}

async function loadVoices() {
  const select = $('voice');
  try {
    const response = await fetch('v1/voices');
    if (!response.ok) throw new Error(await errorDetail(response));
    const list = await response.json();
    select.innerHTML = '';
    for (const voice of list.voices) {
      const option = document.createElement('option');
      option.value = voice.id;
      option.textContent = voice.default ? `${voice.id} (default)` : voice.id;
      option.selected = voice.default;
      select.appendChild(option);
    }
    if (!list.voices.some((v) => v.default)) {
      const option = new Option('(server default)', '', true, true);
      select.insertBefore(option, select.firstChild);
    }
    select.dataset.loaded = 'true';
  } catch (e) {
    showError(`Cannot list the voices: ${e.message}`);
  }
}

form.addEventListener('submit', generate);
speedInput.addEventListener('input', showSpeed);
audioEl.addEventListener('playing', () => { statusEl.dataset.audioPlayed = 'true'; });
showSpeed();
stopButton.addEventListener('click', stop);
for (const radio of form.querySelectorAll('input[name="voice-kind"]')) radio.addEventListener('change', showVoiceSource);
showVoiceSource();
waveform.draw();
loadVoices();
