// The benchmark-only peers addon: triad(a, b, c, s, threads) -> seconds;
// hyperscanStatus() -> { available, reason }; hyperscanCompile(patterns) -> database;
// hyperscanCount(database, data) -> matches; hyperscanRelease(database). Arguments are checked
// with the addon's coded errors (KNHK_E_ARG_*).
#include <napi.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../../native/src/binding/args.h"
#include "../../../native/src/binding/errors.h"
#include "hyperscan_peer.h"
#include "triad.h"

namespace {

using knhk::F32Span;
using knhk::expect_arg_count;
using knhk::f32_arg;
using knhk::throw_coded;

constexpr napi_type_tag kHyperscanTag = {0x6b6e686b70656572ULL, 0x6879706572736331ULL};

Napi::Value triad(const Napi::CallbackInfo& info) {
  const char* op = "peers.triad";
  expect_arg_count(info, 5, op);
  const F32Span a = f32_arg(info, 0, op, "a");
  const F32Span b = f32_arg(info, 1, op, "b");
  const F32Span c = f32_arg(info, 2, op, "c");
  knhk::expect_length(info.Env(), b, a.length, op, "b");
  knhk::expect_length(info.Env(), c, a.length, op, "c");
  if (!info[3].IsNumber() || !info[4].IsNumber()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": s and threads must be numbers");
  const double threads = info[4].As<Napi::Number>().DoubleValue();
  if (!(threads >= 1 && threads <= 256) || threads != static_cast<unsigned>(threads)) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": threads must be an integer from 1 to 256");
  }
  const float s = info[3].As<Napi::Number>().FloatValue();
  return Napi::Number::New(info.Env(), knhk::triad_f32(a.data, b.data, c.data, s, a.length, static_cast<unsigned>(threads)));
}

Napi::Value hyperscan_status(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "peers.hyperscanStatus");
  std::string why;
  const bool ok = knhk::HyperscanPeer::open(why);
  Napi::Object status = Napi::Object::New(info.Env());
  status.Set("available", ok);
  status.Set("reason", ok ? "libhs.so.5 opened with dlopen" : why);
  return status;
}

std::vector<std::vector<uint8_t>> literal_list(const Napi::CallbackInfo& info, const char* op) {
  if (!info[0].IsArray()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": patterns must be an array of Uint8Arrays");
  const Napi::Array array = info[0].As<Napi::Array>();
  std::vector<std::vector<uint8_t>> patterns;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    const Napi::Value item = array.Get(i);
    if (!item.IsTypedArray() || item.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": patterns[" + std::to_string(i) + "] must be a Uint8Array");
    }
    const Napi::Uint8Array bytes = item.As<Napi::Uint8Array>();
    if (bytes.ElementLength() == 0) throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": patterns[" + std::to_string(i) + "] is empty");
    patterns.emplace_back(bytes.Data(), bytes.Data() + bytes.ElementLength());
  }
  return patterns;
}

using Held = std::unique_ptr<knhk::HyperscanPeer>;

Held& database_arg(const Napi::CallbackInfo& info, const char* op) {
  bool tagged = false;
  if (info[0].IsExternal()) napi_check_object_type_tag(info.Env(), info[0], &kHyperscanTag, &tagged);
  if (!tagged) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects a Hyperscan database from hyperscanCompile");
  return *info[0].As<Napi::External<Held>>().Data();
}

Napi::Value hyperscan_compile(const Napi::CallbackInfo& info) {
  const char* op = "peers.hyperscanCompile";
  expect_arg_count(info, 1, op);
  std::string why;
  if (!knhk::HyperscanPeer::open(why)) throw_coded(info.Env(), "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": " + why);
  auto patterns = literal_list(info, op);
  Held* held = nullptr;
  try {
    held = new Held(std::make_unique<knhk::HyperscanPeer>(patterns));
  } catch (const std::runtime_error& error) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": " + error.what());
  }
  auto external = Napi::External<Held>::New(info.Env(), held, [](Napi::Env, Held* h) { delete h; });
  napi_type_tag_object(info.Env(), external, &kHyperscanTag);
  return external;
}

Napi::Value hyperscan_count(const Napi::CallbackInfo& info) {
  const char* op = "peers.hyperscanCount";
  expect_arg_count(info, 2, op);
  Held& held = database_arg(info, op);
  if (!held) throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the database was released");
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": data must be a Uint8Array");
  }
  const Napi::Uint8Array data = info[1].As<Napi::Uint8Array>();
  if (data.ElementLength() >= (size_t{1} << 32)) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": data must be under 4 GiB");
  try {
    return Napi::Number::New(info.Env(), static_cast<double>(held->count(data.Data(), data.ElementLength())));
  } catch (const std::runtime_error& error) {
    throw_coded(info.Env(), "KNHK_E_PROVIDER_FAILED", std::string(op) + ": " + error.what());
  }
}

Napi::Value hyperscan_release(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 1, "peers.hyperscanRelease");
  database_arg(info, "peers.hyperscanRelease").reset();
  return info.Env().Undefined();
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("triad", Napi::Function::New(env, triad, "triad"));
  exports.Set("hyperscanStatus", Napi::Function::New(env, hyperscan_status, "hyperscanStatus"));
  exports.Set("hyperscanCompile", Napi::Function::New(env, hyperscan_compile, "hyperscanCompile"));
  exports.Set("hyperscanCount", Napi::Function::New(env, hyperscan_count, "hyperscanCount"));
  exports.Set("hyperscanRelease", Napi::Function::New(env, hyperscan_release, "hyperscanRelease"));
  return exports;
}

}  // namespace

NODE_API_MODULE(knhk_peers, init)
