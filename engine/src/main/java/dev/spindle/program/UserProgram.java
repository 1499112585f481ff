package dev.spindle.program;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A user's jar opened in its own class loader, with the class whose {@code main(String[])} is the
 * program. Every way in which loading can fail is a {@link ProgramLoadException} whose message
 * names the jar or class; nothing of the program runs here (its class is not even initialized).
 *
 * <p>The class loader is parent-first with the caller's loader (the CLI's, or the JobManager's) as parent: the engine's API classes
 * are then the same for the program and its runner (a job jar normally does not contain them, and
 * if it does, the runner's copy wins so that the context factory the runner installs is the one the
 * program sees). Close the program once its main() has returned.
 */
public final class UserProgram implements AutoCloseable {
    private final Path jar;
    private final URLClassLoader classLoader;
    private final Method mainMethod;

    private UserProgram(Path jar, URLClassLoader classLoader, Method mainMethod) {
        this.jar = jar;
        this.classLoader = classLoader;
        this.mainMethod = mainMethod;
    }

    /**
     * Opens {@code jar} and finds the main class.
     *
     * @param mainClassName the class to run, or {@code null} for the manifest's {@code Main-Class}
     * @param parent the loader of the classes the program shares with its runner
     */
    public static UserProgram load(Path jar, String mainClassName, ClassLoader parent) throws ProgramLoadException {
        Path file = jar.toAbsolutePath().normalize();
        String manifestMainClass = checkJarAndReadMainClass(file);
        String className = mainClassName != null ? mainClassName : manifestMainClass;
        if (className == null) {
            throw new ProgramLoadException(
                    "no main class: " + file + " has no Main-Class in its manifest; name the class with -c/--class");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {toUrl(file)}, parent);
        try {
            return new UserProgram(file, loader, findMainMethod(loadClass(className, file, loader)));
        } catch (ProgramLoadException | RuntimeException | Error e) {
            try {
                loader.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** The jar's absolute path. */
    public Path jar() {
        return jar;
    }

    /** The loader of the program's classes; the one its jobs deserialize user functions with. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    public String mainClassName() {
        return mainMethod.getDeclaringClass().getName();
    }

    /** The program's {@code public static void main(String[])}, callable even if its class is not public. */
    public Method mainMethod() {
        return mainMethod;
    }

    @Override
    public void close() throws IOException {
        classLoader.close();
    }

    /** Fails unless {@code file} is a readable jar; returns its manifest's Main-Class, or null. */
    private static String checkJarAndReadMainClass(Path file) throws ProgramLoadException {
        if (!Files.exists(file)) {
            throw new ProgramLoadException("jar file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ProgramLoadException("jar file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ProgramLoadException("jar file " + file + " is not readable");
        }
        try (JarFile jarFile = new JarFile(file.toFile())) {
            Manifest manifest = jarFile.getManifest();
            String mainClass =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return mainClass == null || mainClass.isBlank() ? null : mainClass.trim();
        } catch (IOException e) {
            throw new ProgramLoadException(file + " is not a jar file: " + e.getMessage(), e);
        }
    }

    private static URL toUrl(Path file) throws ProgramLoadException {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ProgramLoadException(
                    "jar file " + file + " cannot be turned into a class path URL: " + e.getMessage(), e);
        }
    }

    private static Class<?> loadClass(String className, Path file, ClassLoader loader) throws ProgramLoadException {
        try {
            // Not initialized: static initializers are user code and run when main() is called,
            // where their failures count as the program's.
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new ProgramLoadException("class " + className + " not found in " + file, e);
        } catch (LinkageError e) {
            throw new ProgramLoadException("class " + className + " in " + file + " cannot be loaded: " + e, e);
        }
    }

    private static Method findMainMethod(Class<?> mainClass) throws ProgramLoadException {
        Method main;
        try {
            main = mainClass.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw noMain(mainClass, e);
        } catch (LinkageError e) {
            // Resolving the signatures of the class's public methods can need classes the jar lacks.
            throw new ProgramLoadException("class " + mainClass.getName() + " cannot be loaded: " + e, e);
        }
        if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            throw noMain(mainClass, null);
        }
        // The java launcher runs main() of a package-private class too; so does spindle.
        main.setAccessible(true);
        return main;
    }

    private static ProgramLoadException noMain(Class<?> mainClass, Throwable cause) {
        return new ProgramLoadException(
                "class " + mainClass.getName() + " has no public static void main(String[]) method", cause);
    }
}
