package dev.spindle.rest;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the parts of a {@code multipart/form-data} body. */
final class Multipart {
    private static final int MAX_PARTS = 64;

    private Multipart() {}

    /**
     * One part.
     *
     * @param name the form field's name
     * @param filename the file name the client gave, or null for a plain field
     * @param content its bytes
     */
    record Part(String name, String filename, byte[] content) {}

    /** The parts by field name, in order; 400 when the body is not well-formed multipart. */
    static Map<String, List<Part>> parse(RestRequest request) throws RestException {
        String contentType = request.contentType();
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw RestException.badRequest("expected a multipart/form-data body, got content type " + contentType);
        }
        FullHttpRequest http = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, request.method(), request.path(), Unpooled.wrappedBuffer(request.body()));
        http.headers().set(request.headers());
        HttpPostRequestDecoder decoder = null;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), http);
            List<InterfaceHttpData> data = decoder.getBodyHttpDatas();
            if (data.size() > MAX_PARTS) {
                throw RestException.badRequest("more than " + MAX_PARTS + " parts");
            }
            Map<String, List<Part>> parts = new LinkedHashMap<>();
            for (InterfaceHttpData d : data) {
                Part part;
                if (d instanceof FileUpload f) {
                    part = new Part(f.getName(), f.getFilename(), f.get());
                } else if (d instanceof Attribute a) {
                    part = new Part(a.getName(), null, a.get());
                } else {
                    continue;
                }
                parts.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(part);
            }
            return parts;
        } catch (DecoderException | IllegalArgumentException | IOException e) {
            throw new RestException(
                    io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                    "malformed multipart body: " + e.getMessage(),
                    e);
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            http.release();
        }
    }

    /** Exactly one part named {@code name}; 400 otherwise. */
    static Part single(Map<String, List<Part>> parts, String name) throws RestException {
        List<Part> named = parts.getOrDefault(name, List.of());
        if (named.size() != 1) {
            throw RestException.badRequest("expected exactly one part '" + name + "', got " + named.size());
        }
        return named.get(0);
    }
}
