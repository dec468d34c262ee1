/**
 * Standard-library objects that store values under keys: tracked like dicts, precise per constant
 * key, so one request value stored under one key does not taint what is read under another.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const CONFIG = "configparser.ConfigParser";
const COOKIE = "http.cookies.SimpleCookie";
const MESSAGE = "email.message.Message";

const SECTION = { pos: 0, kw: "section" };
const OPTION = { pos: 1, kw: "option" };

export const mappings: TaintModel = {
  name: "mappings",
  mappings: [
    {
      // sections, then options; option names are lower-cased by the default `optionxform`, and an
      // option missing from a section is looked up in the DEFAULT section
      type: CONFIG,
      class: ["configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser"],
      levels: 2,
      foldCase: [false, true],
      fallbackKey: "DEFAULT",
      get: [{ method: ["get"], keys: [SECTION, OPTION], default: { kw: "fallback" } }],
      set: [
        { method: ["set"], keys: [SECTION, OPTION], value: { pos: 2, kw: "value" } },
        { method: ["add_section"], keys: [SECTION] },
      ],
      absorb: [
        { method: ["read_string"], arg: { pos: 0, kw: "string" } },
        { method: ["read_dict"], arg: { pos: 0, kw: "dictionary" } },
        { method: ["read_file", "readfp"], arg: { pos: 0, kw: "f" } },
      ],
    },
    { class: ["collections.OrderedDict", "collections.UserDict", "types.MappingProxyType", "typing.OrderedDict"], init: "copy" },
    { class: ["collections.defaultdict", "typing.DefaultDict"], init: "copy", from: { pos: 1 }, factory: { pos: 0, kw: "default_factory" } },
    { class: ["collections.ChainMap", "typing.ChainMap"], init: "chain" },
    { type: "shelve.Shelf", class: ["shelve.open", "shelve.Shelf", "shelve.DbfilenameShelf"] },
    {
      type: COOKIE,
      class: ["http.cookies.SimpleCookie", "http.cookies.BaseCookie", "Cookie.SimpleCookie"],
      init: "absorb",
      from: { pos: 0, kw: "input" },
      absorb: [{ method: ["load"], arg: { pos: 0, kw: "rawdata" } }],
    },
    {
      // header names compare case-insensitively
      type: MESSAGE,
      class: ["email.message.Message", "email.message.EmailMessage", "email.message_from_string", "email.message_from_bytes"],
      init: "absorb",
      from: { pos: 0, kw: "s" },
      foldCase: [true],
      get: [{ method: ["get", "get_all"], keys: [{ pos: 0, kw: "name" }], default: { pos: 1, kw: "failobj" } }],
      set: [{ method: ["add_header", "replace_header"], keys: [{ pos: 0, kw: "_name" }], value: { pos: 1, kw: "_value" } }],
    },
  ],
  sanitizers: [{ on: [CONFIG], method: ["getint", "getfloat", "getboolean"], kinds: "all" }],
  propagators: [{ on: [CONFIG], method: ["has_option", "has_section", "sections"], result: "clean" }],
};
